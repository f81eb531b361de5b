package io.remotemedia.server.internal.logging;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refusals at most once per interval, so a client hammering with a bad token, or a flood
 * of connections past the limit, cannot flood the log; the next line says how many were
 * suppressed meanwhile. Thread-safe.
 *
 * <pre>{@code
 * FailureLog failures = new FailureLog(Duration.ofSeconds(10).toNanos(), System::nanoTime,
 *     log::warn);
 * failures.failure("authentication failed: unknown_token credentials from /10.0.0.7:51234");
 * }</pre>
 */
public final class FailureLog {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Consumer<String> sink;
  private long lastLoggedNanos;
  private boolean loggedOnce;
  private long suppressed;

  /**
   * @param intervalNanos the least time between two lines, in ns
   * @param nanoClock the clock, {@code System::nanoTime} outside tests
   * @param sink where lines go, such as {@code log::warn}
   */
  public FailureLog(long intervalNanos, LongSupplier nanoClock, Consumer<String> sink) {
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  /**
   * Logs {@code description}, or counts it as suppressed if the last line was too recent.
   *
   * @param description the failure, one line, with no secrets
   */
  public void failure(String description) {
    String line;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (loggedOnce && now - lastLoggedNanos < intervalNanos) {
        suppressed++;
        return;
      }
      line = suppressed == 0 ? description
          : description + " (" + suppressed + " similar failures suppressed since the last line)";
      loggedOnce = true;
      lastLoggedNanos = now;
      suppressed = 0;
    }
    sink.accept(line);
  }
}
