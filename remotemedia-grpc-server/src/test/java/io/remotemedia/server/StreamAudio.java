package io.remotemedia.server;

import io.remotemedia.audio.AudioBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The stream tests' audio: a seeded test signal, and joining a stream's pieces. */
final class StreamAudio {
  /** A Gain then a 48 kHz to 16 kHz AudioResample: stateful, so chunk edges matter. */
  static final String GAIN_RESAMPLE = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -3}},
                 {"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}],
       "connections": [{"from": "gain", "to": "resample"}]}
      """;

  private StreamAudio() {}

  /** A 997 Hz sine at 48 kHz with seeded noise, {@code frames} long, mono. */
  static float[] signal(int frames, long seed) {
    Random random = new Random(seed);
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) (0.7 * Math.sin(2 * Math.PI * 997 * i / 48000.0)
          + 0.1 * (random.nextDouble() - 0.5));
    }
    return samples;
  }

  /** The buffer's samples, exactly as many as it holds. */
  static float[] samplesOf(AudioBuffer buffer) {
    return Arrays.copyOf(buffer.samples(), buffer.sampleCount());
  }

  /** The pieces one after another. */
  static float[] concat(List<float[]> pieces) {
    float[] all = new float[pieces.stream().mapToInt(piece -> piece.length).sum()];
    int offset = 0;
    for (float[] piece : pieces) {
      System.arraycopy(piece, 0, all, offset, piece.length);
      offset += piece.length;
    }
    return all;
  }
}
