package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A unary call that the server resets (CANCELLED, RST_STREAM) once its deadline has passed, as
 * a grpc-java server resets a call at the deadline sent with it, and whose reset reaches this
 * client before the client's own deadline timer has fired (a loaded client's timer runs late).
 * The SDK makes a cut call again; one whose deadline has passed has no time for another
 * attempt, and fails as a call that passed its deadline.
 *
 * <p>The channel here carries no deadline, standing in for the client's late timer: the call's
 * options keep it for the SDK, and the server resets the first call once it has passed and
 * answers any later one.
 */
class ResetAtDeadlineTest {
  private static final Status RESET =
      Status.CANCELLED.withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL");
  private static final long DEADLINE_MS = 200;

  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void blocking_resetAfterItsDeadline_failsAsTheDeadlineWithoutAnotherAttempt()
      throws Exception {
    ResettingService resetting = new ResettingService();
    service = InProcessService.serve(resetting);
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> UnaryCall.blocking(CompletableFuture.completedFuture(null), channel(),
            "127.0.0.1:50051", PipelineServiceGrpc.getGetVersionMethod(), options,
            VersionRequest.getDefaultInstance(), response -> response));

    assertTimedOut(e);
    assertThat(resetting.calls.get()).as("attempts that reached the server").isEqualTo(1);
  }

  @Test
  void start_resetAfterItsDeadline_failsAsTheDeadlineWithoutAnotherAttempt() throws Exception {
    ResettingService resetting = new ResettingService();
    service = InProcessService.serve(resetting);
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);

    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> UnaryCall.start(channel(), "127.0.0.1:50051",
            PipelineServiceGrpc.getGetVersionMethod(), options,
            VersionRequest.getDefaultInstance()).get(10, TimeUnit.SECONDS));

    assertThat(e).as("the call's failure (none: an attempt made after the deadline answered)")
        .isNotNull();
    assertThat(e.getCause()).isInstanceOf(RemoteMediaException.class);
    assertTimedOut((RemoteMediaException) e.getCause());
    assertThat(resetting.calls.get()).as("attempts that reached the server").isEqualTo(1);
  }

  private static void assertTimedOut(RemoteMediaException e) {
    assertThat(e).as("the call's failure (none: an attempt made after the deadline answered)")
        .isNotNull();
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessage("the call did not end within its deadline: the server did not"
        + " answer in time, and reset the call as the deadline passed (a server stops a call"
        + " at the deadline sent with it) (CANCELLED: RST_STREAM closed stream. HTTP/2 error"
        + " code: CANCEL)");
  }

  /** The in-process channel, with every call's deadline left to the SDK alone. */
  private Channel channel() {
    return ClientInterceptors.intercept(service.channel(), new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
          CallOptions options, Channel next) {
        return next.newCall(method, options.withDeadline(null));
      }
    });
  }

  /**
   * Resets the first call once the deadline it was made with has passed, and answers every
   * later one.
   */
  private static final class ResettingService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
      if (calls.incrementAndGet() > 1) {
        response.onNext(VersionResponse.getDefaultInstance());
        response.onCompleted();
        return;
      }
      // Past the client's deadline, which it set before this call started.
      try {
        Thread.sleep(DEADLINE_MS + 100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.onError(RESET.asRuntimeException());
    }
  }
}
