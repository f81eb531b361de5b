package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioBuffer;
import java.util.Objects;

/**
 * A decoded WAV file: its header and its samples.
 *
 * <p>The sample array is handed over by the reader, not copied: the holder owns it and may
 * modify it, but then {@link #toAudioBuffer()} views carry the change.
 *
 * @param info the header
 * @param samples interleaved samples in [-1, 1] (float encodings may exceed it), exactly
 *     {@code info.frameCount() * info.channelCount()} long
 */
public record WavAudio(WavInfo info, float[] samples) {

  /**
   * @param info the header
   * @param samples interleaved samples in [-1, 1] (float encodings may exceed it), exactly {@code
   *     info.frameCount() * info.channelCount()} long
   * @throws IllegalArgumentException if the array length does not match the header
   */
  public WavAudio {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(samples, "samples");
    if (samples.length != info.frameCount() * info.channelCount()) {
      throw new IllegalArgumentException("samples holds " + samples.length + " values, "
          + info.frameCount() + " frames x " + info.channelCount() + " channels expected");
    }
  }

  /** {@return the samples as a buffer in {@link WavInfo#audioFormat()}, sharing the array} */
  public AudioBuffer toAudioBuffer() {
    return AudioBuffer.of(info.audioFormat(), samples);
  }
}
