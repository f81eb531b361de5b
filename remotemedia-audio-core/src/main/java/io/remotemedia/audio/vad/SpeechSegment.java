package io.remotemedia.audio.vad;

/**
 * One detected stretch of speech, padding included, in milliseconds from the start of the
 * stream (the last {@code configure}, {@code reset} or {@code flush}). Immutable.
 *
 * @param startMs first millisecond of the segment, inclusive; >= 0
 * @param endMs end of the segment, exclusive; > {@code startMs}
 */
public record SpeechSegment(long startMs, long endMs) {
  /**
   * @param startMs first millisecond of the segment, inclusive; >= 0
   * @param endMs end of the segment, exclusive; > {@code startMs}
   * @throws IllegalArgumentException if {@code startMs} is negative or {@code endMs <= startMs}
   */
  public SpeechSegment {
    if (startMs < 0 || endMs <= startMs) {
      throw new IllegalArgumentException(
          "need 0 <= startMs < endMs, was [" + startMs + ", " + endMs + ")");
    }
  }

  /** {@return {@code endMs - startMs}} */
  public long durationMs() {
    return endMs - startMs;
  }
}
