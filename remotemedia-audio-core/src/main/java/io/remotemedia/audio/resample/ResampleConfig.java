package io.remotemedia.audio.resample;

/**
 * Parameters of a {@link ResampleNode}. Immutable.
 *
 * <pre>{@code
 * ResampleConfig config = new ResampleConfig(16000, ResampleQuality.HIGH);
 * }</pre>
 *
 * @param targetSampleRateHz the output rate in Hz; {@value #MIN_SAMPLE_RATE_HZ} to {@value
 *     #MAX_SAMPLE_RATE_HZ}
 * @param quality how sharp and clean the anti-aliasing filter is; not null
 */
public record ResampleConfig(int targetSampleRateHz, ResampleQuality quality) {
  /** The lowest input or output rate, in Hz. */
  public static final int MIN_SAMPLE_RATE_HZ = 8_000;
  /** The highest input or output rate, in Hz. */
  public static final int MAX_SAMPLE_RATE_HZ = 192_000;

  /**
   * @param targetSampleRateHz the output rate in Hz; {@value #MIN_SAMPLE_RATE_HZ} to {@value
   *     #MAX_SAMPLE_RATE_HZ}
   * @param quality how sharp and clean the anti-aliasing filter is; not null
   * @throws IllegalArgumentException if the rate is out of range or the quality is null; the
   *     message names the manifest parameter and the value
   */
  public ResampleConfig {
    if (targetSampleRateHz < MIN_SAMPLE_RATE_HZ || targetSampleRateHz > MAX_SAMPLE_RATE_HZ) {
      throw new IllegalArgumentException("target_sample_rate must be in [" + MIN_SAMPLE_RATE_HZ
          + ", " + MAX_SAMPLE_RATE_HZ + "], was " + targetSampleRateHz);
    }
    if (quality == null) {
      throw new IllegalArgumentException("quality must not be null");
    }
  }
}
