package io.remotemedia.audio.loudness;

import java.util.OptionalDouble;

/**
 * Parameters of a {@link NormalizeNode}. Immutable.
 *
 * <pre>{@code
 * NormalizeConfig r128 = new NormalizeConfig(NormalizeMode.LOUDNESS, -1.0, -23.0,
 *     OptionalDouble.of(-1.0), 60.0); // -23 LUFS, true peak at most -1 dBTP, up to 60 s
 * }</pre>
 *
 * @param mode peak or loudness normalisation
 * @param targetDb the sample-peak target of {@link NormalizeMode#PEAK}, dBFS;
 *     {@value #MIN_TARGET_DB} to 0
 * @param targetLufs the loudness target of {@link NormalizeMode#LOUDNESS}, LUFS;
 *     {@value #MIN_TARGET_LUFS} to 0
 * @param truePeakCeilingDbtp if present, the gain is lowered as needed so that the output's
 *     true peak is at most this, dBTP; {@value #MIN_CEILING_DBTP} to 0. Applies in both modes
 * @param maxDurationS the longest stream the node buffers, s; {@value #MIN_DURATION_S} to
 *     {@value #MAX_DURATION_S}. It sizes the buffer: 4 bytes x channels x rate x this
 */
public record NormalizeConfig(NormalizeMode mode, double targetDb, double targetLufs,
    OptionalDouble truePeakCeilingDbtp, double maxDurationS) {
  /** The lowest peak target, dBFS. */
  public static final double MIN_TARGET_DB = -60.0;
  /** The lowest loudness target, LUFS. */
  public static final double MIN_TARGET_LUFS = -70.0;
  /** The lowest true-peak ceiling, dBTP. */
  public static final double MIN_CEILING_DBTP = -30.0;
  /** The shortest buffer, s. */
  public static final double MIN_DURATION_S = 0.1;
  /** The longest buffer, s (one hour). */
  public static final double MAX_DURATION_S = 3600.0;
  /** The default buffer, s. */
  public static final double DEFAULT_DURATION_S = 60.0;

  /**
   * @param mode peak or loudness normalisation
   * @param targetDb the sample-peak target of {@link NormalizeMode#PEAK}, dBFS; {@value
   *     #MIN_TARGET_DB} to 0
   * @param targetLufs the loudness target of {@link NormalizeMode#LOUDNESS}, LUFS; {@value
   *     #MIN_TARGET_LUFS} to 0
   * @param truePeakCeilingDbtp if present, the gain is lowered as needed so that the output's true
   *     peak is at most this, dBTP; {@value #MIN_CEILING_DBTP} to 0. Applies in both modes
   * @param maxDurationS the longest stream the node buffers, s; {@value #MIN_DURATION_S} to {@value
   *     #MAX_DURATION_S}. It sizes the buffer: 4 bytes x channels x rate x this
   * @throws IllegalArgumentException if a value is out of range, not finite, or null; the
   *     message names the manifest parameter, its value and the range
   */
  public NormalizeConfig {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (!(targetDb >= MIN_TARGET_DB && targetDb <= 0)) {
      throw new IllegalArgumentException(
          "target_db must be in [" + MIN_TARGET_DB + ", 0.0], was " + targetDb);
    }
    if (!(targetLufs >= MIN_TARGET_LUFS && targetLufs <= 0)) {
      throw new IllegalArgumentException(
          "target_lufs must be in [" + MIN_TARGET_LUFS + ", 0.0], was " + targetLufs);
    }
    if (truePeakCeilingDbtp == null) {
      throw new IllegalArgumentException("true_peak_ceiling_dbtp must not be null; use empty");
    }
    if (truePeakCeilingDbtp.isPresent()) {
      double ceiling = truePeakCeilingDbtp.getAsDouble();
      if (!(ceiling >= MIN_CEILING_DBTP && ceiling <= 0)) {
        throw new IllegalArgumentException("true_peak_ceiling_dbtp must be in ["
            + MIN_CEILING_DBTP + ", 0.0], was " + ceiling);
      }
    }
    if (!(maxDurationS >= MIN_DURATION_S && maxDurationS <= MAX_DURATION_S)) {
      throw new IllegalArgumentException("max_duration_s must be in [" + MIN_DURATION_S + ", "
          + MAX_DURATION_S + "], was " + maxDurationS);
    }
  }
}
