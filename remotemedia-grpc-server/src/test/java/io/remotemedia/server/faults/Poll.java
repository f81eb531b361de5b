package io.remotemedia.server.faults;

import java.util.concurrent.TimeUnit;

/** Waits for a condition of a real process, which a test cannot be told about directly. */
final class Poll {
  /** A condition that may need I/O to check. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  private Poll() {}

  /** Polls {@code condition} every 50 ms for up to {@code seconds}; fails naming {@code what}. */
  static void until(String what, long seconds, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
