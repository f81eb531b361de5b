package io.remotemedia.server.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server drains on SIGTERM or SIGINT. Immutable.
 *
 * @param preStopDelay how long health reports NOT_SERVING before the server stops accepting
 *     calls, so that load balancers take it out of rotation first; 0 skips the wait
 * @param grace how long in-flight calls may run after the server stops accepting new ones;
 *     what is still running then is cancelled
 */
public record DrainSettings(Duration preStopDelay, Duration grace) {
  /** The default grace period. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /**
   * Validates the settings.
   *
   * @param preStopDelay how long health reports NOT_SERVING before the server stops accepting
   *     calls, so that load balancers take it out of rotation first; 0 skips the wait
   * @param grace how long in-flight calls may run after the server stops accepting new ones; what
   *     is still running then is cancelled
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a duration is negative
   */
  public DrainSettings {
    requireNotNegative(preStopDelay, "preStopDelay");
    requireNotNegative(grace, "grace");
  }

  /**
   * No pre-stop delay (right for a process no load balancer fronts) and a 30 s grace.
   *
   * @return no pre-stop delay and a {@link #DEFAULT_GRACE} grace period
   */
  public static DrainSettings defaults() {
    return new DrainSettings(Duration.ZERO, DEFAULT_GRACE);
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
