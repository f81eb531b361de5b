package io.remotemedia.audio.framing;

/**
 * Parameters of a {@link SilenceTrimNode}. Immutable.
 *
 * <pre>{@code
 * SilenceTrimConfig config = new SilenceTrimConfig(-50.0, 10.0, 2000.0);
 * }</pre>
 *
 * @param thresholdDbfs a window is silent when its RMS (all channels pooled, re full scale
 *     1.0) is below this, dBFS; {@value #MIN_THRESHOLD_DBFS} to 0
 * @param windowMs the analysis window, ms; {@value #MIN_WINDOW_MS} to {@value #MAX_WINDOW_MS}.
 *     Trimming happens in whole windows, aligned to the start of the stream
 * @param maxHoldMs the most trailing silence the node holds back waiting to know whether the
 *     sound resumes, ms; 0 to {@value #MAX_HOLD_MS}. At most this much trailing silence is
 *     removed; it is also the node's added latency
 */
public record SilenceTrimConfig(double thresholdDbfs, double windowMs, double maxHoldMs) {
  /** The default threshold, dBFS. */
  public static final double DEFAULT_THRESHOLD_DBFS = -60.0;
  /** The default window, ms. */
  public static final double DEFAULT_WINDOW_MS = 10.0;
  /** The default hold, ms. */
  public static final double DEFAULT_MAX_HOLD_MS = 1000.0;
  /** The lowest threshold, dBFS. */
  public static final double MIN_THRESHOLD_DBFS = -120.0;
  /** The shortest window, ms. */
  public static final double MIN_WINDOW_MS = 1.0;
  /** The longest window, ms. */
  public static final double MAX_WINDOW_MS = 1000.0;
  /** The longest hold, ms. */
  public static final double MAX_HOLD_MS = 60_000.0;

  /**
   * @param thresholdDbfs a window is silent when its RMS (all channels pooled, re full scale 1.0)
   *     is below this, dBFS; {@value #MIN_THRESHOLD_DBFS} to 0
   * @param windowMs the analysis window, ms; {@value #MIN_WINDOW_MS} to {@value #MAX_WINDOW_MS}.
   *     Trimming happens in whole windows, aligned to the start of the stream
   * @param maxHoldMs the most trailing silence the node holds back waiting to know whether the
   *     sound resumes, ms; 0 to {@value #MAX_HOLD_MS}. At most this much trailing silence is
   *     removed; it is also the node's added latency
   * @throws IllegalArgumentException if a value is out of range or not finite; the message
   *     names the manifest parameter, its value and the range
   */
  public SilenceTrimConfig {
    if (!(thresholdDbfs >= MIN_THRESHOLD_DBFS && thresholdDbfs <= 0)) {
      throw new IllegalArgumentException("threshold_dbfs must be in [" + MIN_THRESHOLD_DBFS
          + ", 0.0], was " + thresholdDbfs);
    }
    if (!(windowMs >= MIN_WINDOW_MS && windowMs <= MAX_WINDOW_MS)) {
      throw new IllegalArgumentException("window_ms must be in [" + MIN_WINDOW_MS + ", "
          + MAX_WINDOW_MS + "], was " + windowMs);
    }
    if (!(maxHoldMs >= 0 && maxHoldMs <= MAX_HOLD_MS)) {
      throw new IllegalArgumentException(
          "max_hold_ms must be in [0.0, " + MAX_HOLD_MS + "], was " + maxHoldMs);
    }
  }

  /**
   * {@return the window in frames at {@code sampleRateHz}: at least 1}
   *
   * @param sampleRateHz the stream's sample rate, Hz
   */
  public int windowFrames(int sampleRateHz) {
    return (int) Math.max(1, Math.round(windowMs * sampleRateHz / 1000.0));
  }

  /**
   * {@return the hold in frames at {@code sampleRateHz}: whole windows, rounded down}
   *
   * @param sampleRateHz the stream's sample rate, Hz
   */
  public int holdFrames(int sampleRateHz) {
    int window = windowFrames(sampleRateHz);
    long hold = Math.round(maxHoldMs * sampleRateHz / 1000.0);
    return (int) (hold / window * window);
  }
}
