package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resumable session whose server stops answering without ending the call, against an
 * in-process server that opens the session and then says nothing to the chunk it gets: once
 * the call has heard nothing for the silence limit, the SDK cancels it, has the channel connect
 * anew, and resumes, on a call the server answers. The limit counts from when the server was
 * first owed something: a result the consumer holds leaves the server owing nothing.
 */
class StreamSilenceTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final CompletableFuture<RemoteMediaException> disconnected = new CompletableFuture<>();
  private final CompletableFuture<Long> disconnectedAtNanos = new CompletableFuture<>();
  private final AtomicInteger connectionsDropped = new AtomicInteger();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void send_toAServerThatFallsSilent_resumesOnANewConnectionAfterTheSilenceLimit()
      throws Exception {
    SilentUntilResumed server = new SilentUntilResumed(0);
    try (RemoteStreamSession session = open(server, 4, Duration.ofMillis(200))) {
      session.send(new float[] {0.25f, -0.25f});

      Iterator<StreamResult> results = session.results();

      assertThat(CompletableFuture.supplyAsync(results::next).get(10, TimeUnit.SECONDS)
          .sequence()).as("the resumed call's result").isZero();
    }
    assertThat(server.silentCallEnded.get(10, TimeUnit.SECONDS).getCode())
        .as("how the silent call ended on the server").isEqualTo(Status.Code.CANCELLED);
    assertThat(connectionsDropped).as("times the channel was made to connect anew").hasValue(1);
    RemoteMediaException cause = disconnected.get(10, TimeUnit.SECONDS);
    assertThat(cause.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(cause.getMessage()).startsWith("the server sent nothing on this stream for ")
        .contains(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit is"
            + " 200 ms): its connection was taken as broken, the call cancelled");
  }

  @Test
  void next_afterTheConsumerHeldAResult_waitsTheWholeLimitFromWhenItTookIt() throws Exception {
    Duration limit = Duration.ofMillis(1_000);
    SilentUntilResumed server = new SilentUntilResumed(1);
    long takenAtNanos;
    try (RemoteStreamSession session = open(server, 1, limit)) {
      session.send(new float[] {0.25f, -0.25f});
      session.send(new float[] {0.5f, -0.5f});
      Iterator<StreamResult> results = session.results();
      server.firstResultSent.get(10, TimeUnit.SECONDS);
      // The consumer holds the first result (prefetch 1: the server may send nothing more)
      // for 5/8 of the limit, then takes it; from then on the server owes the second.
      Thread.sleep(limit.toMillis() * 5 / 8);
      takenAtNanos = System.nanoTime();
      assertThat(results.next().sequence()).isZero();

      assertThat(CompletableFuture.supplyAsync(results::next).get(10, TimeUnit.SECONDS)
          .sequence()).as("the resumed call's result").isEqualTo(1);
    }
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(
        disconnectedAtNanos.get(10, TimeUnit.SECONDS) - takenAtNanos);
    assertThat(waitedMs).as("ms from taking the result to the call taken as silent")
        .isGreaterThanOrEqualTo(limit.toMillis())
        .isLessThan(limit.toMillis() + 1_000);
    assertThat(disconnected.get().getMessage())
        .contains(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit is"
            + " 1000 ms)");
  }

  private RemoteStreamSession open(PipelineServiceGrpc.PipelineServiceImplBase server,
      int prefetch, Duration silenceLimit) throws Exception {
    service = InProcessService.serve(server);
    StreamConnectionListener connections = new StreamConnectionListener() {
      @Override
      public void onDisconnected(String sessionId, RemoteMediaException cause) {
        disconnectedAtNanos.complete(System.nanoTime());
        disconnected.complete(cause);
      }
    };
    return RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), null,
        new StreamOptions(prefetch, Duration.ofSeconds(5), true, connections, Optional.empty(),
            silenceLimit, connectionsDropped::incrementAndGet),
        ProtocolFeature.RESUMABLE_STREAMS.version());
  }

  /**
   * Opens the session on the first call and answers only the chunks before {@code answered}
   * on it, recording how that call ends. A resume is answered as going on from that chunk,
   * and each chunk on it gets its result.
   */
  private static final class SilentUntilResumed
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    final CompletableFuture<Void> firstResultSent = new CompletableFuture<>();
    final CompletableFuture<Status> silentCallEnded = new CompletableFuture<>();
    private final long answered;

    SilentUntilResumed(long answered) {
      this.answered = answered;
    }

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      AtomicBoolean resumed = new AtomicBoolean();
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          out.onNext(StreamResponse.newBuilder().setReady(StreamReady.newBuilder()
              .setSessionId("s").setResumeToken("token").setResumeWindowMs(10_000)).build());
        } else if (request.hasResume()) {
          resumed.set(true);
          out.onNext(StreamResponse.newBuilder().setResumed(StreamResumed.newBuilder()
              .setSessionId("s").setNextChunkSequence(answered)).build());
        } else if (request.hasChunk()
            && (resumed.get() || request.getChunk().getSequence() < answered)) {
          out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
              .newBuilder().setSequence(request.getChunk().getSequence())).build());
          firstResultSent.complete(null);
        }
      }, t -> {
        if (!resumed.get()) {
          silentCallEnded.complete(Status.fromThrowable(t));
        }
      });
    }
  }
}
