package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.time.Duration;

/**
 * The unary call the server memory tools send: a 440 Hz sine at 44.1 kHz mono F32, resampled
 * to 16 kHz, as one ExecutePipeline message however large (never streamed).
 */
final class UnaryResampleCall {
  private UnaryResampleCall() {}

  /** {@return the request for {@code seconds} of audio} */
  static ExecutionRequest request(int seconds) {
    float[] samples = new float[seconds * 44_100];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / 44_100));
    }
    PipelineManifest manifest = ManifestBuilder.named("resample-16k")
        .node(NodeSpecs.resample("resample", 16_000)).build();
    return ExecutionRequest.of(manifest, "resample",
        AudioBuffer.of(AudioFormat.f32(44_100, 1), samples));
  }

  /** {@return a client of {@code target} that sends any request as one message} */
  static RemoteMediaClient client(String target) {
    return RemoteMediaClient.builder().target(target)
        .deadline(Duration.ofSeconds(120))
        .streamAbove(Integer.MAX_VALUE)
        .maxInboundMessageBytes(Integer.MAX_VALUE)
        .build();
  }
}
