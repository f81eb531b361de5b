package io.remotemedia.server.internal.transport;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one stream session, on the registry's timer thread: the idle check, the
 * maximum session duration, the wait for the client's half-close after {@code close}, the wait
 * for a reset after a half-close without {@code close}, and a kept session's resume window.
 * Each is replaced when scheduled again and cancelled by {@link #cancelAll()} when the session
 * ends. Not thread-safe: the session's lock guards it.
 */
final class SessionTimers {
  private final ScheduledExecutorService scheduler;
  private ScheduledFuture<?> idleCheck;
  private ScheduledFuture<?> sessionLimit;
  private ScheduledFuture<?> closeWait;
  private ScheduledFuture<?> expiry;
  private ScheduledFuture<?> resetWait;

  SessionTimers(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Runs the idle check {@code task} after {@code delayMs}. */
  void idleCheck(Runnable task, long delayMs) {
    idleCheck = schedule(task, delayMs);
  }

  /** Ends the session with {@code task} when its maximum duration, {@code delayMs}, passes. */
  void sessionLimit(Runnable task, long delayMs) {
    sessionLimit = schedule(task, delayMs);
  }

  /** Answers {@code closed} with {@code task} if the client has not half-closed in time. */
  void closeWait(Runnable task, long delayMs) {
    closeWait = schedule(task, delayMs);
  }

  /** Stops waiting for the half-close: the connection broke. */
  void cancelCloseWait() {
    cancel(closeWait);
  }

  /**
   * Ends the session with {@code task}, for a half-close without {@code close}, unless the
   * call is reset within {@code delayMs}.
   */
  void resetWait(Runnable task, long delayMs) {
    resetWait = schedule(task, delayMs);
  }

  /** Expires a kept session with {@code task} when its resume window, {@code delayMs}, passes. */
  void expiry(Runnable task, long delayMs) {
    expiry = schedule(task, delayMs);
  }

  /** Stops the resume window: the session resumed. */
  void cancelExpiry() {
    cancel(expiry);
  }

  /** Cancels every timer: the session ended. */
  void cancelAll() {
    cancel(expiry);
    cancel(idleCheck);
    cancel(sessionLimit);
    cancel(closeWait);
    cancel(resetWait);
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
