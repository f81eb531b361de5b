package io.remotemedia.audio.gain;

/**
 * Parameters of a {@link GainNode}. Immutable.
 *
 * @param gainDb the level change in decibels; {@value #MIN_GAIN_DB} to {@value #MAX_GAIN_DB}.
 *     0 leaves samples unchanged, -6.02 halves them.
 */
public record GainConfig(double gainDb) {
  /** The lowest gain accepted, in dB. */
  public static final double MIN_GAIN_DB = -120.0;
  /** The highest gain accepted, in dB. */
  public static final double MAX_GAIN_DB = 60.0;

  /**
   * @param gainDb the level change in decibels; {@value #MIN_GAIN_DB} to {@value #MAX_GAIN_DB}. 0
   *     leaves samples unchanged, -6.02 halves them.
   * @throws IllegalArgumentException if {@code gainDb} is out of range or not finite
   */
  public GainConfig {
    if (!(gainDb >= MIN_GAIN_DB && gainDb <= MAX_GAIN_DB)) {
      throw new IllegalArgumentException(
          "gain_db must be in [" + MIN_GAIN_DB + ", " + MAX_GAIN_DB + "], was " + gainDb);
    }
  }

  /** {@return the linear factor, {@code 10^(gainDb / 20)}} */
  public double linearGain() {
    return Math.pow(10.0, gainDb / 20.0);
  }
}
