package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resumable session's demand for results across a resume, against an in-process server
 * that sends two results and then breaks the first call: what each call lets the server send
 * is read from the requests the calls see.
 */
class ResultDemandAcrossResumeTest {
  private static final int PREFETCH = 4;
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final RecordingCalls calls = new RecordingCalls();
  private final CountDownLatch resumed = new CountDownLatch(1);
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void resultTakenWhileTheResumeCallStarts_isRequestedOnceTheCallHasStarted() throws Exception {
    RemoteStreamSession session = open();
    Iterator<StreamResult> results = session.results();
    assertThat(calls.resumeStarting.await(10, TimeUnit.SECONDS))
        .as("the resume call starts").isTrue();

    // grpc refuses request() on a call not yet started ("Not started"): this take used to
    // throw that into the consumer.
    assertThat(results.next().sequence()).isZero();
    calls.takenWhileStarting.countDown();
    assertThat(resumed.await(10, TimeUnit.SECONDS)).as("the session resumes").isTrue();

    assertThat(calls.requested.get(0)).as("first call: ready and %d results", PREFETCH)
        .hasValue(1 + PREFETCH);
    // Result 1 is still untaken, so the server may send PREFETCH - 1 more, plus `resumed`.
    assertThat(calls.requested.get(1)).as("resume call").hasValue(1 + PREFETCH - 1);
    assertThat(results.next().sequence()).isEqualTo(1);
    assertThat(calls.requested.get(1)).as("resume call after the last take")
        .hasValue(1 + PREFETCH);
    session.cancel();
  }

  private RemoteStreamSession open() throws Exception {
    service = InProcessService.serve(new BreaksTheFirstCall());
    StreamConnectionListener connections = new StreamConnectionListener() {
      @Override
      public void onResumed(String sessionId, long replayedResults) {
        resumed.countDown();
      }
    };
    return RemoteStreamSession.open(ClientInterceptors.intercept(service.channel(), calls),
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), null,
        new StreamOptions(PREFETCH, Duration.ofSeconds(5), true, connections),
        ProtocolFeature.RESUMABLE_STREAMS.version());
  }

  /** Opens with results 0 and 1, then fails in the transport; a resume is answered. */
  private static final class BreaksTheFirstCall
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(ScriptedStreamCall.resumableReady());
          for (int sequence = 0; sequence < 2; sequence++) {
            out.onNext(StreamResponse.newBuilder().setResult(
                io.remotemedia.proto.StreamResult.newBuilder().setSequence(sequence)).build());
          }
          out.onError(Status.UNAVAILABLE.withDescription("cut").asRuntimeException());
        } else if (request.hasResume()) {
          out.onNext(StreamResponse.newBuilder().setResumed(StreamResumed.newBuilder()
              .setSessionId("s").setNextChunkSequence(0)).build());
        }
      });
    }
  }

  /**
   * Sums each call's requests; the second call (the resume) waits in {@code start} until the
   * test has taken a result.
   */
  private static final class RecordingCalls implements ClientInterceptor {
    final List<AtomicInteger> requested = new CopyOnWriteArrayList<>();
    final CountDownLatch resumeStarting = new CountDownLatch(1);
    final CountDownLatch takenWhileStarting = new CountDownLatch(1);

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      AtomicInteger count = new AtomicInteger();
      requested.add(count);
      boolean resume = requested.size() == 2;
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          if (resume) {
            resumeStarting.countDown();
            awaitTake();
          }
          super.start(listener, headers);
        }

        @Override
        public void request(int messages) {
          count.addAndGet(messages);
          super.request(messages);
        }
      };
    }

    private void awaitTake() {
      try {
        takenWhileStarting.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
