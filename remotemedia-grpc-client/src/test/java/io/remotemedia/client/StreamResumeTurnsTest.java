package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resumable session's {@code resumed} in and out of turn, against in-process servers: a
 * resume whose call is being made when the session is cancelled, and a {@code resumed} on a
 * session that was not resuming.
 */
class StreamResumeTurnsTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final AtomicInteger resumedCallbacks = new AtomicInteger();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void cancelledWhileItsResumeCallIsMade_cancelsThatCallAndNeverResumes() throws Exception {
    CutsTheFirstCall server = new CutsTheFirstCall();
    HeldResumeCall calls = new HeldResumeCall();
    RemoteStreamSession session = open(server, calls);
    assertThat(calls.resumeCallMade.await(10, TimeUnit.SECONDS))
        .as("the session makes its resume call").isTrue();

    // The resume attempt has passed its check and is making its call: the cancel cannot
    // reach that call yet.
    session.cancel();
    calls.release.countDown();

    assertThat(server.resumeCallEnded.await(10, TimeUnit.SECONDS))
        .as("the resume call is cancelled, not left open").isTrue();
    assertThat(server.resumesAnswered).as("resumes the server answered").hasValue(0);
    assertThat(resumedCallbacks).as("onResumed calls").hasValue(0);
    assertThatThrownBy(() -> session.results().hasNext())
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED));
  }

  @Test
  void resumedOnASessionThatWasNotResuming_failsItAsABadResponse() throws Exception {
    RemoteStreamSession session = open(new ResumedOutOfTurn(), new HeldResumeCall());

    assertThatThrownBy(() -> session.results().hasNext())
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
        })
        .hasMessage("bad response: the server answered resumed on a stream that was not"
            + " resuming");
    assertThat(resumedCallbacks).as("onResumed calls").hasValue(0);
  }

  private RemoteStreamSession open(PipelineServiceGrpc.PipelineServiceImplBase server,
      ClientInterceptor calls) throws Exception {
    service = InProcessService.serve(server);
    StreamConnectionListener connections = new StreamConnectionListener() {
      @Override
      public void onResumed(String sessionId, long replayedResults) {
        resumedCallbacks.incrementAndGet();
      }
    };
    return RemoteStreamSession.open(ClientInterceptors.intercept(service.channel(), calls),
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), null,
        new StreamOptions(4, Duration.ofSeconds(5), true, connections),
        ProtocolFeature.RESUMABLE_STREAMS.version());
  }

  private static StreamResponse ready() {
    return StreamResponse.newBuilder().setReady(StreamReady.newBuilder()
        .setSessionId("s").setResumeToken("token").setResumeWindowMs(30_000)).build();
  }

  private static StreamResponse resumed() {
    return StreamResponse.newBuilder().setResumed(StreamResumed.newBuilder()
        .setSessionId("s").setNextChunkSequence(0)).build();
  }

  /**
   * Opens, then fails the first call in the transport; answers a resume with {@code resumed},
   * and counts down when the resume call ends.
   */
  private static final class CutsTheFirstCall extends PipelineServiceGrpc.PipelineServiceImplBase {
    final AtomicInteger resumesAnswered = new AtomicInteger();
    final CountDownLatch resumeCallEnded = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      boolean resumeCall = calls.incrementAndGet() > 1;
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(ready());
          out.onError(Status.UNAVAILABLE.withDescription("cut").asRuntimeException());
        } else if (request.hasResume()) {
          resumesAnswered.incrementAndGet();
          out.onNext(resumed());
        }
      }, ended -> {
        if (resumeCall) {
          resumeCallEnded.countDown();
        }
      });
    }
  }

  /** Answers the open with {@code ready}, then {@code resumed} though nothing broke. */
  private static final class ResumedOutOfTurn extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(ready());
          out.onNext(resumed());
        }
      });
    }
  }

  /** Holds the making of the second call (the resume) until {@link #release}. */
  private static final class HeldResumeCall implements ClientInterceptor {
    final CountDownLatch resumeCallMade = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      if (calls.incrementAndGet() == 2) {
        resumeCallMade.countDown();
        try {
          if (!release.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never released the resume call");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return next.newCall(method, options);
    }
  }
}
