package io.remotemedia.audio.framing;

/**
 * Parameters of an {@link AudioBufferAccumulatorNode}. Immutable.
 *
 * <pre>{@code
 * AudioBufferAccumulatorConfig halfSecond = new AudioBufferAccumulatorConfig(500.0);
 * }</pre>
 *
 * @param durationMs the block duration, ms; {@value #MIN_DURATION_MS} to
 *     {@value #MAX_DURATION_MS}. In frames: {@code max(1, round(durationMs x rate / 1000))}
 */
public record AudioBufferAccumulatorConfig(double durationMs) {
  /** The shortest block, ms. */
  public static final double MIN_DURATION_MS = 1.0;
  /** The longest block, ms. */
  public static final double MAX_DURATION_MS = 60_000.0;

  /**
   * @param durationMs the block duration, ms; {@value #MIN_DURATION_MS} to {@value
   *     #MAX_DURATION_MS}. In frames: {@code max(1, round(durationMs x rate / 1000))}
   * @throws IllegalArgumentException if {@code durationMs} is out of range or not finite
   */
  public AudioBufferAccumulatorConfig {
    if (!(durationMs >= MIN_DURATION_MS && durationMs <= MAX_DURATION_MS)) {
      throw new IllegalArgumentException("duration_ms must be in [" + MIN_DURATION_MS + ", "
          + MAX_DURATION_MS + "], was " + durationMs);
    }
  }

  /**
   * {@return the block length in frames at {@code sampleRateHz}}
   *
   * @param sampleRateHz the stream's sample rate, Hz
   */
  public long blockFrames(int sampleRateHz) {
    return Math.max(1, Math.round(durationMs * sampleRateHz / 1000.0));
  }
}
