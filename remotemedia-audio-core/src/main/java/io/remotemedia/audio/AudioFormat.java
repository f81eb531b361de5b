package io.remotemedia.audio;

/**
 * The format of a stream of interleaved audio: sample rate, channel count and the sample format
 * used where it is encoded. Immutable.
 *
 * <pre>{@code
 * AudioFormat cd = new AudioFormat(44100, 2, SampleFormat.I16); // 44.1 kHz stereo PCM16
 * int bytes = cd.bytesPerFrame() * frameCount;
 * }</pre>
 *
 * @param sampleRateHz samples per second per channel; 1 to {@value #MAX_SAMPLE_RATE_HZ}
 * @param channelCount interleaved channels; 1 to {@value #MAX_CHANNELS}
 * @param sampleFormat the encoding at the edges
 */
public record AudioFormat(int sampleRateHz, int channelCount, SampleFormat sampleFormat) {
  /** The highest sample rate any node accepts, in Hz. */
  public static final int MAX_SAMPLE_RATE_HZ = 768_000;
  /** The largest channel count any node accepts. */
  public static final int MAX_CHANNELS = 64;

  /**
   * Creates a format.
   *
   * @param sampleRateHz samples per second per channel; 1 to {@value #MAX_SAMPLE_RATE_HZ}
   * @param channelCount interleaved channels; 1 to {@value #MAX_CHANNELS}
   * @param sampleFormat the encoding at the edges
   * @throws IllegalArgumentException if the rate or the channel count is out of range, or the
   *     sample format is null; the message names the field and the value
   */
  public AudioFormat {
    if (sampleRateHz < 1 || sampleRateHz > MAX_SAMPLE_RATE_HZ) {
      throw new IllegalArgumentException(
          "sampleRateHz must be in [1, " + MAX_SAMPLE_RATE_HZ + "], was " + sampleRateHz);
    }
    if (channelCount < 1 || channelCount > MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "channelCount must be in [1, " + MAX_CHANNELS + "], was " + channelCount);
    }
    if (sampleFormat == null) {
      throw new IllegalArgumentException("sampleFormat must not be null");
    }
  }

  /**
   * {@return a 32-bit float format with the given rate and channel count}
   *
   * @param sampleRateHz samples per second per channel; 1 to {@value #MAX_SAMPLE_RATE_HZ}
   * @param channelCount interleaved channels; 1 to {@value #MAX_CHANNELS}
   */
  public static AudioFormat f32(int sampleRateHz, int channelCount) {
    return new AudioFormat(sampleRateHz, channelCount, SampleFormat.F32);
  }

  /** {@return the encoded size of one frame (one sample per channel), in bytes} */
  public int bytesPerFrame() {
    return channelCount * sampleFormat.bytesPerSample();
  }

  /**
   * {@return this format with another sample format}
   *
   * @param format the sample format of the copy; not null
   */
  public AudioFormat withSampleFormat(SampleFormat format) {
    return new AudioFormat(sampleRateHz, channelCount, format);
  }

  /**
   * {@return this format with another sample rate}
   *
   * @param rateHz the sample rate of the copy, Hz; 1 to {@value #MAX_SAMPLE_RATE_HZ}
   */
  public AudioFormat withSampleRateHz(int rateHz) {
    return new AudioFormat(rateHz, channelCount, sampleFormat);
  }

  /**
   * {@return this format with another channel count}
   *
   * @param channels the channel count of the copy; 1 to {@value #MAX_CHANNELS}
   */
  public AudioFormat withChannelCount(int channels) {
    return new AudioFormat(sampleRateHz, channels, sampleFormat);
  }

  @Override
  public String toString() {
    return sampleRateHz + " Hz, " + channelCount + " ch, " + sampleFormat;
  }
}
