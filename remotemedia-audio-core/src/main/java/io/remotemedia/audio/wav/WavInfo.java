package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioFormat;
import java.util.Objects;

/**
 * What a WAV file's header says about its audio. Immutable.
 *
 * @param sampleRateHz frames per second; 1 to {@link AudioFormat#MAX_SAMPLE_RATE_HZ}
 * @param channelCount interleaved channels; 1 to {@link AudioFormat#MAX_CHANNELS}
 * @param encoding how samples are stored
 * @param validBitsPerSample the significant bits of each sample: equal to the encoding's size
 *     unless a {@code WAVE_FORMAT_EXTENSIBLE} header declares fewer (for example 20 bits in a
 *     24-bit container)
 * @param channelMask the speaker positions of a {@code WAVE_FORMAT_EXTENSIBLE} header
 *     ({@code SPEAKER_FRONT_LEFT} = 0x1 and so on); 0 when absent or unspecified
 * @param extensible true if the header is {@code WAVE_FORMAT_EXTENSIBLE}
 * @param frameCount the number of whole frames in the data chunk
 */
public record WavInfo(
    int sampleRateHz,
    int channelCount,
    WavSampleEncoding encoding,
    int validBitsPerSample,
    int channelMask,
    boolean extensible,
    long frameCount) {

  /**
   * @param sampleRateHz frames per second; 1 to {@link AudioFormat#MAX_SAMPLE_RATE_HZ}
   * @param channelCount interleaved channels; 1 to {@link AudioFormat#MAX_CHANNELS}
   * @param encoding how samples are stored
   * @param validBitsPerSample the significant bits of each sample: equal to the encoding's size
   *     unless a {@code WAVE_FORMAT_EXTENSIBLE} header declares fewer (for example 20 bits in a
   *     24-bit container)
   * @param channelMask the speaker positions of a {@code WAVE_FORMAT_EXTENSIBLE} header ({@code
   *     SPEAKER_FRONT_LEFT} = 0x1 and so on); 0 when absent or unspecified
   * @param extensible true if the header is {@code WAVE_FORMAT_EXTENSIBLE}
   * @param frameCount the number of whole frames in the data chunk
   * @throws IllegalArgumentException if the rate or channel count is out of range, the
   *     encoding is null, the valid bits exceed the encoding's size or the frame count is
   *     negative
   */
  public WavInfo {
    Objects.requireNonNull(encoding, "encoding");
    new AudioFormat(sampleRateHz, channelCount, encoding.sampleFormat()); // range checks
    if (validBitsPerSample < 1 || validBitsPerSample > encoding.bitsPerSample()) {
      throw new IllegalArgumentException("validBitsPerSample must be in [1, "
          + encoding.bitsPerSample() + "], was " + validBitsPerSample);
    }
    if (frameCount < 0) {
      throw new IllegalArgumentException("frameCount must be >= 0, was " + frameCount);
    }
  }

  /**
   * {@return the pipeline format of the decoded audio; its sample format is the one whose grid
   * holds the decoded values ({@link WavSampleEncoding#sampleFormat()})}
   */
  public AudioFormat audioFormat() {
    return new AudioFormat(sampleRateHz, channelCount, encoding.sampleFormat());
  }

  /** {@return the size of one frame in the file, in bytes (the header's block align)} */
  public int bytesPerFrame() {
    return channelCount * encoding.bytesPerSample();
  }

  /** {@return the duration in microseconds, rounded down} */
  public long durationUs() {
    return frameCount * 1_000_000L / sampleRateHz;
  }
}
