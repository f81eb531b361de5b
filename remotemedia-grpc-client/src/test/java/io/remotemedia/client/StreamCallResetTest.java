package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's call that the SDK cancelled, as its deadline passing or a bad response from the
 * server does, before the SDK was done sending on it: what the caller hears is the session's
 * failure, never grpc-java's refusal of a message on a cancelled call.
 */
class StreamCallResetTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
      """);
  private static final AudioFormat FORMAT = AudioFormat.f32(8000, 1);
  private static final Duration DEADLINE = Duration.ofMillis(1_000);

  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void run_deadlinePassingBeforeTheOpenIsSent_failsWithTheDeadlineAndEndsTheCall()
      throws Exception {
    CountDownLatch callEnded = new CountDownLatch(1);
    service = InProcessService.serve(new UnansweringService(callEnded));
    Deadline callDeadline = Deadline.after(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
    // The call's start returns once the SDK has cancelled the call, or a second after its
    // deadline: either way the open is to go out after the deadline has passed.
    Channel channel = ClientInterceptors.intercept(service.channel(),
        new StartAfterDeadline(callDeadline));
    StreamOptions options = new StreamOptions(4, Duration.ofSeconds(5), true,
        StreamConnectionListener.NONE, Optional.empty(), Duration.ofSeconds(5), () -> { })
        .withCallDeadline(callDeadline);
    ExecutionRequest request =
        ExecutionRequest.of(GAIN, "gain", AudioBuffer.of(FORMAT, new float[800]));

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> StreamedExecution.run(request, /* chunkBytes= */ 4000, DEADLINE, callDeadline,
            stream -> RemoteStreamSession.open(channel, stream, null, options,
                ProtocolFeature.RESUMABLE_STREAMS.version())));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessageStartingWith("the call did not end within its deadline of 1000 ms"
        + " (RemoteMediaClient.Builder.deadline): its input (over the client's streamAbove)"
        + " was to go to the server as a stream of 1 chunks, and the stream had not opened");
    assertThat(callEnded.await(5, TimeUnit.SECONDS)).as("the server saw the call end").isTrue();
  }

  @Test
  void cancel_afterABadResponseCancelledTheCall_doesNotThrowAndKeepsTheFailure()
      throws Exception {
    service = InProcessService.serve(new ResumedOutOfTurnService());
    RemoteStreamSession session = RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(GAIN, FORMAT), null, new StreamOptions(4, Duration.ofSeconds(5),
            true, StreamConnectionListener.NONE), ProtocolFeature.RESUMABLE_STREAMS.version());
    session.send(new float[80]);
    RemoteMediaException failure = catchThrowableOfType(RemoteMediaException.class,
        () -> session.results().hasNext());

    assertThatCode(session::cancel).doesNotThrowAnyException();
    assertThat(failure).isNotNull();
    assertThat(failure.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(failure).hasMessage(
        "bad response: the server answered resumed on a stream that was not resuming");
    assertThat(session.finish()).isCompletedExceptionally();
  }

  /**
   * Returns from each call's start once the SDK has cancelled the call, or a second after
   * {@code deadline}.
   */
  private record StartAfterDeadline(Deadline deadline) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions callOptions, Channel next) {
      CountDownLatch cancelled = new CountDownLatch(1);
      return new ForwardingClientCall.SimpleForwardingClientCall<>(
          next.newCall(method, callOptions)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(listener, headers);
          try {
            cancelled.await(deadline.timeRemaining(TimeUnit.MILLISECONDS) + 1_000,
                TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public void cancel(String message, Throwable cause) {
          super.cancel(message, cause);
          cancelled.countDown();
        }
      };
    }
  }

  /** Takes every call and answers nothing; counts down when a call ends. */
  private static final class UnansweringService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    private final CountDownLatch callEnded;

    UnansweringService(CountDownLatch callEnded) {
      this.callEnded = callEnded;
    }

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      ((ServerCallStreamObserver<StreamResponse>) response)
          .setOnCancelHandler(callEnded::countDown);
      return ScriptedStreamCall.of(response, (request, out) -> { });
    }
  }

  /** Opens a resumable session, and answers its first chunk with a {@code resumed}. */
  private static final class ResumedOutOfTurnService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(ScriptedStreamCall.resumableReady());
        } else if (request.hasChunk()) {
          out.onNext(StreamResponse.newBuilder().setResumed(StreamResumed.newBuilder()
              .setSessionId("s")).build());
        }
      });
    }
  }
}
