package io.remotemedia.audio.filter;

/**
 * Parameters of a {@link BiquadNode}. Immutable.
 *
 * <pre>{@code
 * BiquadConfig butterworthLowPass = new BiquadConfig(
 *     FilterType.LOWPASS, 1000.0, BiquadConfig.BUTTERWORTH_Q, 0.0, 1);
 * }</pre>
 *
 * @param filterType the response shape
 * @param frequencyHz the corner (low/high-pass, shelves) or centre frequency (band-pass,
 *     notch, peaking), in Hz; {@value #MIN_FREQUENCY_HZ} to {@value #MAX_FREQUENCY_HZ}, and
 *     below the input's Nyquist frequency (checked at configure time)
 * @param q the quality factor, {@value #MIN_Q} to {@value #MAX_Q}; for shelves it sets the
 *     slope ({@link #BUTTERWORTH_Q} is the steepest slope without overshoot, cookbook S = 1)
 * @param gainDb the gain of the shelves and the peaking EQ, in dB, {@value #MIN_GAIN_DB} to
 *     {@value #MAX_GAIN_DB}; ignored by the other types
 * @param stages how many identical sections run in cascade, 1 to {@value #MAX_STAGES}; the
 *     response in dB is multiplied by this number
 */
public record BiquadConfig(
    FilterType filterType, double frequencyHz, double q, double gainDb, int stages) {
  /** The lowest corner or centre frequency accepted, in Hz. */
  public static final double MIN_FREQUENCY_HZ = 1.0;
  /** The highest corner or centre frequency accepted, in Hz (half the highest rate). */
  public static final double MAX_FREQUENCY_HZ = 384_000.0;
  /** The lowest quality factor accepted. */
  public static final double MIN_Q = 0.01;
  /** The highest quality factor accepted. */
  public static final double MAX_Q = 1000.0;
  /** The lowest shelf or peak gain accepted, in dB. */
  public static final double MIN_GAIN_DB = -48.0;
  /** The highest shelf or peak gain accepted, in dB. */
  public static final double MAX_GAIN_DB = 48.0;
  /** The most sections in a cascade. */
  public static final int MAX_STAGES = 8;
  /** {@code 1/sqrt(2)}: a maximally flat (Butterworth) second-order section. */
  public static final double BUTTERWORTH_Q = 1.0 / Math.sqrt(2.0);

  /**
   * @param filterType the response shape
   * @param frequencyHz the corner (low/high-pass, shelves) or centre frequency (band-pass, notch,
   *     peaking), in Hz; {@value #MIN_FREQUENCY_HZ} to {@value #MAX_FREQUENCY_HZ}, and below the
   *     input's Nyquist frequency (checked at configure time)
   * @param q the quality factor, {@value #MIN_Q} to {@value #MAX_Q}; for shelves it sets the slope
   *     ({@link #BUTTERWORTH_Q} is the steepest slope without overshoot, cookbook S = 1)
   * @param gainDb the gain of the shelves and the peaking EQ, in dB, {@value #MIN_GAIN_DB} to
   *     {@value #MAX_GAIN_DB}; ignored by the other types
   * @param stages how many identical sections run in cascade, 1 to {@value #MAX_STAGES}; the
   *     response in dB is multiplied by this number
   * @throws IllegalArgumentException if a value is out of range, not finite, or the type is
   *     null; the message names the manifest parameter, its value and the range
   */
  public BiquadConfig {
    if (filterType == null) {
      throw new IllegalArgumentException("filter_type must not be null");
    }
    if (!(frequencyHz >= MIN_FREQUENCY_HZ && frequencyHz <= MAX_FREQUENCY_HZ)) {
      throw new IllegalArgumentException("frequency_hz must be in [" + MIN_FREQUENCY_HZ + ", "
          + MAX_FREQUENCY_HZ + "], was " + frequencyHz);
    }
    if (!(q >= MIN_Q && q <= MAX_Q)) {
      throw new IllegalArgumentException(
          "q must be in [" + MIN_Q + ", " + MAX_Q + "], was " + q);
    }
    if (!(gainDb >= MIN_GAIN_DB && gainDb <= MAX_GAIN_DB)) {
      throw new IllegalArgumentException(
          "gain_db must be in [" + MIN_GAIN_DB + ", " + MAX_GAIN_DB + "], was " + gainDb);
    }
    if (stages < 1 || stages > MAX_STAGES) {
      throw new IllegalArgumentException(
          "stages must be in [1, " + MAX_STAGES + "], was " + stages);
    }
  }
}
