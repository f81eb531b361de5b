package io.remotemedia.client;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.pcm.PcmCodec;
import java.nio.ShortBuffer;

/**
 * Turns the samples a caller sends on a {@link RemoteStreamSession} (interleaved floats, or
 * 16-bit PCM) into a chunk in the session's input format, checking that they are whole frames.
 * Stateless.
 */
final class ChunkAudio {
  private ChunkAudio() {}

  /**
   * {@return a copy of {@code interleaved} as a chunk of {@code format}}
   *
   * @throws IllegalArgumentException if the length is not a whole number of frames
   */
  static AudioBuffer ofFloats(AudioFormat format, float[] interleaved) {
    int channels = format.channelCount();
    if (interleaved.length % channels != 0) {
      throw new IllegalArgumentException("chunk of " + interleaved.length + " samples is not a"
          + " whole number of frames of " + channels + " channels");
    }
    return AudioBuffer.of(format, interleaved.clone(), interleaved.length / channels);
  }

  /**
   * {@return the remaining samples of {@code pcm16} as a chunk of {@code format}, advancing
   * its position}
   *
   * @throws IllegalArgumentException if the samples are not a whole number of frames
   */
  static AudioBuffer ofPcm16(AudioFormat format, ShortBuffer pcm16) {
    int channels = format.channelCount();
    int sampleCount = pcm16.remaining();
    if (sampleCount % channels != 0) {
      throw new IllegalArgumentException("chunk of " + sampleCount + " samples is not a whole"
          + " number of frames of " + channels + " channels");
    }
    float[] samples = new float[sampleCount];
    PcmCodec.decode(pcm16, samples, sampleCount);
    return AudioBuffer.of(format, samples, sampleCount / channels);
  }
}
