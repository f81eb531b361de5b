package io.remotemedia.server.auth;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused calls at most once per interval, so a client hammering with a bad token cannot
 * flood the log; the next line says how many were suppressed meanwhile. Thread-safe.
 */
final class FailureLog {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Consumer<String> sink;
  private long lastLoggedNanos;
  private boolean loggedOnce;
  private long suppressed;

  FailureLog(long intervalNanos, LongSupplier nanoClock, Consumer<String> sink) {
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  /** Logs {@code description}, or counts it as suppressed if the last line was too recent. */
  void failure(String description) {
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
