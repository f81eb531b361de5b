package io.remotemedia.client;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Writes a time limit for a failure's message, in ms and exactly: {@code 150 ms}, {@code 0.4
 * ms}, {@code 1.25 ms}. A limit cut to whole ms would tell a deadline under 1 ms as {@code 0
 * ms}, which no call could meet.
 */
final class MillisText {
  private MillisText() {}

  /** {@return {@code duration} in ms, with as many decimals as it needs, and " ms"} */
  static String of(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), /* scale= */ 6).stripTrailingZeros()
        .toPlainString() + " ms";
  }
}
