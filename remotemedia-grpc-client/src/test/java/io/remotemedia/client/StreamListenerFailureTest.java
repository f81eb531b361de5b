package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listener that throws from {@code onResult}, which its contract forbids: the session is
 * cancelled, and its end still reaches the caller and the listener, whatever was thrown.
 */
class StreamListenerFailureTest {
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void onResultThrowingAnException_cancelsTheSession() throws Exception {
    assertCancelledWhenOnResultThrows(() -> new IllegalStateException("listener bug"));
  }

  @Test
  void onResultThrowingAnError_cancelsTheSessionAndItsEndStillComes() throws Exception {
    // An assertion in a test's listener: the session hung, its finish() never completing.
    assertCancelledWhenOnResultThrows(() -> new AssertionError("listener assertion"));
  }

  private void assertCancelledWhenOnResultThrows(Supplier<Throwable> thrown) throws Exception {
    service = InProcessService.serve(new AnsweringService());
    CompletableFuture<RemoteMediaException> heard = new CompletableFuture<>();
    StreamListener listener = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {
        Throwable t = thrown.get();
        if (t instanceof Error error) {
          throw error;
        }
        throw (RuntimeException) t;
      }

      @Override
      public void onError(RemoteMediaException error) {
        heard.complete(error);
      }
    };
    RemoteStreamSession session = open(listener);

    session.send(new float[] {0.5f});
    // Before finish(): a closed that came first would end the session normally.
    RemoteMediaException failure = heard.get(10, TimeUnit.SECONDS);
    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> session.finish().get(10, TimeUnit.SECONDS));

    assertThat(failure.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(failure).hasMessageStartingWith("the stream listener threw ");
    assertThat(failure.getCause()).isInstanceOf(thrown.get().getClass());
    assertThat(e.getCause()).as("finish()'s failure").isSameAs(failure);
  }

  @Test
  void onResultThrowingAfterTheServersClosedArrived_stillFailsTheSession_andNothingFollows()
      throws Exception {
    // The server's closed came while the listener was still in onResult, which then threw:
    // finish() succeeded in about half of such runs, and the listener heard onClosed after or
    // before onError in most others (found by an attack on the SDK, 2026-12-07).
    service = InProcessService.serve(new AnsweringService());
    List<String> heard = new CopyOnWriteArrayList<>();
    CompletableFuture<RemoteStreamSession> opened = new CompletableFuture<>();
    StreamListener listener = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {
        heard.add("onResult");
        RemoteStreamSession session = opened.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!session.hasReceivedClosed() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        heard.add(session.hasReceivedClosed() ? "closed had arrived" : "closed never came");
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onClosed(ExecutionResult result) {
        heard.add("onClosed");
      }

      @Override
      public void onError(RemoteMediaException error) {
        heard.add("onError " + error.kind());
      }
    };
    RemoteStreamSession session = open(listener);
    opened.complete(session);

    session.send(new float[] {0.5f});
    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> session.finish().get(10, TimeUnit.SECONDS));
    Thread.sleep(200); // room for a callback that must not come

    assertThat(e).as("finish() fails").isNotNull();
    assertThat(e.getCause()).isInstanceOfSatisfying(RemoteMediaException.class, failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(failure).hasMessageStartingWith("the stream listener threw ");
    });
    assertThat(heard).containsExactly("onResult", "closed had arrived", "onError CANCELLED");
  }

  @Test
  void onErrorThrowingToo_stillEndsTheSession_andLaterSessionsStillHearTheirCallbacks()
      throws Exception {
    // Both callbacks call one broken handler: the second throw left the callback queue marked
    // running, the call never reset, and finish() of the next session on that queue hung.
    service = InProcessService.serve(new AnsweringService());
    StreamListener broken = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {
        throw new IllegalStateException("broken handler");
      }

      @Override
      public void onError(RemoteMediaException error) {
        throw new IllegalStateException("broken handler again");
      }
    };
    RemoteStreamSession session = open(broken);
    session.send(new float[] {0.5f});
    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> session.finish().get(10, TimeUnit.SECONDS));

    assertThat(e).as("finish() fails").isNotNull();
    assertThat(e.getCause()).isInstanceOfSatisfying(RemoteMediaException.class, failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(failure.getSuppressed()).singleElement()
          .satisfies(t -> assertThat(t).hasMessage("broken handler again"));
    });
    CompletableFuture<ExecutionResult> healthy = new CompletableFuture<>();
    RemoteStreamSession next = open(new StreamListener() {
      @Override
      public void onResult(StreamResult result) {}

      @Override
      public void onClosed(ExecutionResult result) {
        healthy.complete(result);
      }
    });
    next.send(new float[] {0.5f});
    next.finish();
    assertThat(healthy.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  private RemoteStreamSession open(StreamListener listener) {
    return RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(new ManifestParser().parse("""
            {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
            """), StalledStreamService.FORMAT), listener,
        new StreamOptions(4, Duration.ofSeconds(5), false, StreamConnectionListener.NONE),
        ProtocolFeature.PCM.version());
  }

  /** Opens with ready, answers each chunk with its result, and close with closed. */
  private static final class AnsweringService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(StreamResponse.newBuilder()
              .setReady(StreamReady.newBuilder().setSessionId("s")).build());
        } else if (request.hasChunk()) {
          out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
              .newBuilder().setSequence(request.getChunk().getSequence())).build());
        } else if (request.hasClose()) {
          out.onNext(StreamResponse.newBuilder()
              .setClosed(StreamClosed.getDefaultInstance()).build());
        }
      });
    }
  }
}
