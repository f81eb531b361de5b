package io.remotemedia.audio.filter;

/**
 * Parameters of a {@link DcBlockerNode}. Immutable.
 *
 * <pre>{@code
 * DcBlockerConfig config = new DcBlockerConfig(DcBlockerConfig.DEFAULT_CUTOFF_HZ);
 * }</pre>
 *
 * @param cutoffHz the -3 dB corner of the one-pole high-pass, in Hz; {@value #MIN_CUTOFF_HZ}
 *     to {@value #MAX_CUTOFF_HZ}, and below the input's Nyquist frequency (checked at configure
 *     time)
 */
public record DcBlockerConfig(double cutoffHz) {
  /** The default corner, in Hz: below the audible band, settles within about 50 ms. */
  public static final double DEFAULT_CUTOFF_HZ = 10.0;
  /** The lowest corner accepted, in Hz. */
  public static final double MIN_CUTOFF_HZ = 0.1;
  /** The highest corner accepted, in Hz. */
  public static final double MAX_CUTOFF_HZ = 1000.0;

  /**
   * @param cutoffHz the -3 dB corner of the one-pole high-pass, in Hz; {@value #MIN_CUTOFF_HZ} to
   *     {@value #MAX_CUTOFF_HZ}, and below the input's Nyquist frequency (checked at configure
   *     time)
   * @throws IllegalArgumentException if {@code cutoffHz} is out of range or not finite
   */
  public DcBlockerConfig {
    if (!(cutoffHz >= MIN_CUTOFF_HZ && cutoffHz <= MAX_CUTOFF_HZ)) {
      throw new IllegalArgumentException("cutoff_hz must be in [" + MIN_CUTOFF_HZ + ", "
          + MAX_CUTOFF_HZ + "], was " + cutoffHz);
    }
  }
}
