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
 * anew, and resumes, on a call the server answers.
 */
class StreamSilenceTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final CompletableFuture<Status> silentCallEnded = new CompletableFuture<>();
  private final CompletableFuture<RemoteMediaException> disconnected = new CompletableFuture<>();
  private final AtomicInteger connectionsDropped = new AtomicInteger();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void send_toAServerThatFallsSilent_resumesOnANewConnectionAfterTheSilenceLimit()
      throws Exception {
    try (RemoteStreamSession session = open()) {
      session.send(new float[] {0.25f, -0.25f});

      Iterator<StreamResult> results = session.results();

      assertThat(CompletableFuture.supplyAsync(results::next).get(10, TimeUnit.SECONDS)
          .sequence()).as("the resumed call's result").isZero();
    }
    assertThat(silentCallEnded.get(10, TimeUnit.SECONDS).getCode())
        .as("how the silent call ended on the server").isEqualTo(Status.Code.CANCELLED);
    assertThat(connectionsDropped).as("times the channel was made to connect anew").hasValue(1);
    RemoteMediaException cause = disconnected.get(10, TimeUnit.SECONDS);
    assertThat(cause.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(cause.getMessage()).startsWith("the server sent nothing on this stream for ")
        .contains(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit is"
            + " 200 ms): its connection was taken as broken, the call cancelled");
  }

  private RemoteStreamSession open() throws Exception {
    service = InProcessService.serve(new SilentOnTheFirstCall());
    StreamConnectionListener connections = new StreamConnectionListener() {
      @Override
      public void onDisconnected(String sessionId, RemoteMediaException cause) {
        disconnected.complete(cause);
      }
    };
    return RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), null,
        new StreamOptions(4, Duration.ofSeconds(5), true, connections, Optional.empty(),
            Duration.ofMillis(200), connectionsDropped::incrementAndGet),
        ProtocolFeature.RESUMABLE_STREAMS.version());
  }

  /**
   * Opens the session on the first call and answers none of its chunks, recording how that
   * call ends; a resume is answered, and each chunk on it gets its result.
   */
  private final class SilentOnTheFirstCall extends PipelineServiceGrpc.PipelineServiceImplBase {
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
              .setSessionId("s").setNextChunkSequence(0)).build());
        } else if (request.hasChunk() && resumed.get()) {
          out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
              .newBuilder().setSequence(request.getChunk().getSequence())).build());
        }
      }, t -> {
        if (!resumed.get()) {
          silentCallEnded.complete(Status.fromThrowable(t));
        }
      });
    }
  }
}
