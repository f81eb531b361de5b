package io.remotemedia.server;

import java.util.concurrent.TimeUnit;

/**
 * The one wait of the server tests: polls a condition that the server or a process reaches
 * asynchronously, every 10 ms, and fails naming what did not happen.
 */
public final class Await {
  /** A condition that may need I/O to check. */
  @FunctionalInterface
  public interface Condition {
    /** Returns whether the awaited state has been reached. */
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Polls {@code condition} for up to {@code seconds}; fails naming {@code what}. */
  public static void until(String what, long seconds, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
