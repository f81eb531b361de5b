package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thread interrupted while the synchronous remote stream waits for the server, against an
 * in-process server that answers each chunk only when the next one arrives and never answers
 * {@code close}, as a stalled server does.
 */
class RemotePipelineStreamInterruptTest {
  private static final AudioFormat FORMAT = AudioFormat.f32(8000, 1);
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final AnswersOneBehind server = new AnswersOneBehind();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void push_interruptedWhileWaiting_cancelsTheStreamSoNoLaterPushGetsItsResult()
      throws Exception {
    PipelineStream stream = open();

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> stream.push(0, chunk()))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED));
    assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();

    // Chunk 0's result is on its way: a push that went on would be handed it as chunk 1's.
    assertThatThrownBy(() -> stream.push(1, chunk()))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessage("the stream was cancelled by the client");
    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
  }

  @Test
  void finish_interruptedWhileTheServerFlushes_cancelsTheStreamAndThrowsCancelled()
      throws Exception {
    PipelineStream stream = open();

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Thread.currentThread().interrupt();
      assertThatThrownBy(stream::finish)
          .isInstanceOfSatisfying(RemoteMediaException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED))
          .hasMessage("interrupted while waiting on the stream");
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    });
    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
  }

  private PipelineStream open() throws Exception {
    service = InProcessService.serve(server);
    return new RemotePipelineStream(RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(GAIN, FORMAT), null,
        new StreamOptions(4, Duration.ofSeconds(5), false, StreamConnectionListener.NONE),
        ProtocolFeature.PCM.version()));
  }

  private static AudioBuffer chunk() {
    return AudioBuffer.of(FORMAT, new float[80]);
  }

  /**
   * Opens with {@code ready}, answers chunk n's result when chunk n + 1 arrives, and never
   * answers {@code close} or the half-close; counts down when the client cancels the call.
   */
  private static final class AnswersOneBehind extends PipelineServiceGrpc.PipelineServiceImplBase {
    final CountDownLatch callCancelled = new CountDownLatch(1);

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      // Heard after the half-close too, unlike the request observer's onError.
      ((ServerCallStreamObserver<StreamResponse>) response)
          .setOnCancelHandler(callCancelled::countDown);
      return new StreamObserver<>() {
        @Override
        public void onNext(StreamRequest request) {
          if (request.hasOpen()) {
            response.onNext(StreamResponse.newBuilder()
                .setReady(StreamReady.newBuilder().setSessionId("s")).build());
          } else if (request.hasChunk() && request.getChunk().getSequence() > 0) {
            response.onNext(StreamResponse.newBuilder().setResult(
                io.remotemedia.proto.StreamResult.newBuilder()
                    .setSequence(request.getChunk().getSequence() - 1)).build());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
  }
}
