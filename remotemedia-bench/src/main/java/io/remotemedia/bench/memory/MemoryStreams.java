package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.nodes.NodeSpecs;

/**
 * The stream that the heap-per-stream tools open, in process ({@link HeapPerStream}) and on the
 * server ({@link ServerHeapPerStream}), so both measure the same thing: 48 kHz mono F32
 * resampled to 16 kHz then VAD, fed one 20 ms chunk of a 440 Hz sine.
 */
final class MemoryStreams {
  static final AudioFormat FORMAT = AudioFormat.f32(48_000, 1);
  static final OpenStreamRequest OPEN = OpenStreamRequest.of(ManifestBuilder.named("resample-vad")
      .chain(NodeSpecs.resample("resample", 16_000), NodeSpecs.vad("vad"))
      .build(), FORMAT);

  private MemoryStreams() {}

  /** One 20 ms chunk (960 frames). */
  static AudioBuffer chunk() {
    float[] samples = new float[960];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440.0 * i / 48_000));
    }
    return AudioBuffer.of(FORMAT, samples);
  }
}
