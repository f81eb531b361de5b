package io.remotemedia.audio.mix;

/**
 * Parameters of a {@link MixNode}. Immutable.
 *
 * @param inputs how many inputs are mixed; {@value #MIN_INPUTS} to {@value #MAX_INPUTS}
 * @param average true to divide the sum by {@code inputs} (never louder than the loudest
 *     input), false for a plain sum
 */
public record MixConfig(int inputs, boolean average) {
  /** The fewest inputs a mix takes. */
  public static final int MIN_INPUTS = 2;
  /** The most inputs a mix takes. */
  public static final int MAX_INPUTS = 16;

  /**
   * @param inputs how many inputs are mixed; {@value #MIN_INPUTS} to {@value #MAX_INPUTS}
   * @param average true to divide the sum by {@code inputs} (never louder than the loudest input),
   *     false for a plain sum
   * @throws IllegalArgumentException if {@code inputs} is out of range
   */
  public MixConfig {
    if (inputs < MIN_INPUTS || inputs > MAX_INPUTS) {
      throw new IllegalArgumentException(
          "inputs must be in [" + MIN_INPUTS + ", " + MAX_INPUTS + "], was " + inputs);
    }
  }
}
