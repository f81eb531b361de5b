package io.remotemedia.server.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link AuthInterceptor} blocks a client address: after {@code maxFailures} refused calls
 * within {@code window}, every call from that address is refused, unchecked, for {@code block}.
 * Immutable.
 *
 * @param maxFailures refused calls that block an address; 0 never blocks
 * @param window the time the failures are counted in
 * @param block how long a blocked address stays blocked
 */
public record ThrottleSettings(int maxFailures, Duration window, Duration block) {
  /**
   * Checks every value.
   *
   * @param maxFailures refused calls that block an address; 0 never blocks
   * @param window the time the failures are counted in
   * @param block how long a blocked address stays blocked
   */
  public ThrottleSettings {
    if (maxFailures < 0) {
      throw new IllegalArgumentException("maxFailures must be >= 0, was " + maxFailures);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(block, "block");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (block.isNegative() || block.isZero()) {
      throw new IllegalArgumentException("block must be positive, was " + block);
    }
  }

  /**
   * Never blocks.
   *
   * @return settings that never block an address
   */
  public static ThrottleSettings off() {
    return new ThrottleSettings(0, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** {@return whether addresses are ever blocked} */
  public boolean enabled() {
    return maxFailures > 0;
  }
}
