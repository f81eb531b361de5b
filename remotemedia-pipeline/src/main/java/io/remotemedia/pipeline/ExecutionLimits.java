package io.remotemedia.pipeline;

/**
 * Limits for one execution. A value of 0 means "not set": a request's 0 takes the runner's
 * default, and {@link #resolve} bounds what a request asks for by the runner's maximum.
 *
 * @param timeoutMs wall-clock budget in milliseconds
 * @param maxMemoryBytes budget for the buffers the execution allocates, in bytes
 * @param maxInputSamples most input samples (frames x channels over all inputs)
 */
public record ExecutionLimits(long timeoutMs, long maxMemoryBytes, long maxInputSamples) {
  /** No limits requested: every value comes from the runner's defaults. */
  public static final ExecutionLimits UNSET = new ExecutionLimits(0, 0, 0);

  /** The name of {@link #maxInputSamples} in a {@link LimitViolation}. */
  public static final String MAX_INPUT_SAMPLES = "max_input_samples";

  /** The defaults of a runner built without explicit limits. */
  public static final ExecutionLimits DEFAULTS =
      new ExecutionLimits(60_000, 1L << 30, 16_000_000);

  /**
   * Validates the limits.
   *
   * @param timeoutMs wall-clock budget in milliseconds
   * @param maxMemoryBytes budget for the buffers the execution allocates, in bytes
   * @param maxInputSamples most input samples (frames x channels over all inputs)
   * @throws IllegalArgumentException if a value is negative
   */
  public ExecutionLimits {
    if (timeoutMs < 0 || maxMemoryBytes < 0 || maxInputSamples < 0) {
      throw new IllegalArgumentException("limits must be >= 0, were timeoutMs=" + timeoutMs
          + ", maxMemoryBytes=" + maxMemoryBytes + ", maxInputSamples=" + maxInputSamples);
    }
  }

  /**
   * {@return these requested limits with each unset value replaced by {@code defaults} and each
   * value capped by {@code maximums}}
   *
   * @param defaults the values to use where this request left a limit unset (0)
   * @param maximums the caps on every value, requested or default; a 0 cap is no cap
   */
  public ExecutionLimits resolve(ExecutionLimits defaults, ExecutionLimits maximums) {
    return new ExecutionLimits(
        pick(timeoutMs, defaults.timeoutMs, maximums.timeoutMs),
        pick(maxMemoryBytes, defaults.maxMemoryBytes, maximums.maxMemoryBytes),
        pick(maxInputSamples, defaults.maxInputSamples, maximums.maxInputSamples));
  }

  /**
   * Returns these limits with the timeout bounded by {@code maximumMs}: an unset timeout (0)
   * becomes {@code maximumMs}, a set one the smaller of the two. The other limits stay as they
   * are. This is the one rule for "a timeout no longer than" everywhere: a stream's longest
   * session, a call's remaining deadline.
   *
   * @param maximumMs the longest timeout allowed, in ms; at least 1
   * @return these limits with the timeout capped; this instance is unchanged
   * @throws IllegalArgumentException if {@code maximumMs} is below 1
   */
  public ExecutionLimits withTimeoutAtMost(long maximumMs) {
    if (maximumMs < 1) {
      throw new IllegalArgumentException("maximumMs must be >= 1, was " + maximumMs);
    }
    return new ExecutionLimits(pick(timeoutMs, maximumMs, maximumMs), maxMemoryBytes,
        maxInputSamples);
  }

  // The one rule: an unset value takes the fallback, and a maximum of 0 caps nothing.
  private static long pick(long requested, long fallback, long maximum) {
    long value = requested == 0 ? fallback : requested;
    return maximum == 0 ? value : Math.min(value, maximum);
  }
}
