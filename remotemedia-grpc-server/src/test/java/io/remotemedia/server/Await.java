package io.remotemedia.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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
    until(what, Duration.ofSeconds(seconds), condition);
  }

  /**
   * Polls {@code condition} until it holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(String what, Duration timeout, Condition condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /**
   * Waits up to {@code timeoutMs} for {@code latch}, as a test's hook on a server thread holds
   * a call: an interrupt ends the wait and stays set, for the server to see.
   */
  public static void quietly(CountDownLatch latch, long timeoutMs) {
    try {
      latch.await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sleeps {@code ms}, as a test's hook on a server thread makes a call slow: an interrupt ends
   * the sleep and stays set, for the server to see.
   */
  public static void sleepQuietly(long ms) {
    quietly(new CountDownLatch(1), ms);
  }
}
