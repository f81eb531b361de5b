package io.remotemedia.audio.resample;

/**
 * How sharp and how clean the anti-aliasing filter of a {@link ResampleNode} is. Every level
 * keeps aliases and images out of the output band entirely (the stopband starts at the lower
 * Nyquist frequency); the levels differ in stopband attenuation and transition width, and so in
 * filter length and CPU cost.
 *
 * <p>Frequencies below are fractions of the lower Nyquist frequency {@code min(in, out) / 2}.
 */
public enum ResampleQuality {
  /** 80 dB stopband; transition from 0.80 to 1.00. About 5× cheaper than {@link #HIGH}. */
  QUICK(80.0, 0.20),
  /** 110 dB stopband; transition from 0.86 to 1.00. */
  MEDIUM(110.0, 0.14),
  /**
   * 145 dB stopband; transition from 0.915 to 1.00: flat within ±0.01 dB to 0.9, −3 dB at
   * 0.95 or above. At least soxr's default quality.
   */
  HIGH(145.0, 0.085),
  /** 165 dB stopband (below the float32 noise floor); transition from 0.914 to 1.00. */
  VERY_HIGH(165.0, 0.086);

  private final double stopbandAttenuationDb;
  private final double transitionWidth;

  ResampleQuality(double stopbandAttenuationDb, double transitionWidth) {
    this.stopbandAttenuationDb = stopbandAttenuationDb;
    this.transitionWidth = transitionWidth;
  }

  /** {@return the stopband attenuation the filter is designed for, in dB (positive)} */
  public double stopbandAttenuationDb() {
    return stopbandAttenuationDb;
  }

  /**
   * {@return the width of the transition band as a fraction of the lower Nyquist frequency; the
   * band ends at 1.0 (the stopband edge)}
   */
  public double transitionWidth() {
    return transitionWidth;
  }
}
