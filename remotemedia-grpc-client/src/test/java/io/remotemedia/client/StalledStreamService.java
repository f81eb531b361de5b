package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A StreamPipeline that stalls: it opens with {@code ready}, answers chunk n's result only when
 * chunk n + 1 arrives, and never answers {@code close} or the half-close, as a server stuck in
 * its work does. {@link #callCancelled} counts down when the client cancels the call.
 */
final class StalledStreamService extends PipelineServiceGrpc.PipelineServiceImplBase {
  /** The format of the sessions {@link #open} opens. */
  static final AudioFormat FORMAT = AudioFormat.f32(8000, 1);
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  final CountDownLatch callCancelled = new CountDownLatch(1);

  /** {@return a session of a Gain node in {@link #FORMAT}, opened on {@code channel}} */
  static RemoteStreamSession open(Channel channel) {
    return RemoteStreamSession.open(channel, OpenStreamRequest.of(GAIN, FORMAT), null,
        new StreamOptions(4, Duration.ofSeconds(5), false, StreamConnectionListener.NONE),
        ProtocolFeature.PCM.version());
  }

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
