package io.remotemedia.client;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When resumable sessions try to resume, and when they give up: one daemon timer thread for
 * every session's resume attempts, resume-window deadlines and silence checks, and the
 * back-off between attempts (0, then 20, 40 ... up to {@link #MAX_BACKOFF_MS} ms).
 * A task cancelled leaves the timer's queue at once: a session's deadline may be hours away,
 * and its task holds the session until it leaves. Thread-safe.
 */
final class ResumeTimer {
  /** The longest pause between two resume attempts, in ms. */
  static final long MAX_BACKOFF_MS = 500;

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private ResumeTimer() {}

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "remotemedia-stream-resume");
      thread.setDaemon(true);
      return thread;
    });
    // Otherwise a cancelled task stays queued, with all it holds, until it would have run.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** {@return the pause before resume attempt {@code attempt} (0 for the first), in ms} */
  static long backoffMs(int attempt) {
    return Math.min(MAX_BACKOFF_MS, attempt == 0 ? 0 : 10L << Math.min(6, attempt));
  }

  /** Runs {@code task} on the timer thread after {@code delayNanos}, never before. */
  static ScheduledFuture<?> scheduleNanos(Runnable task, long delayNanos) {
    return TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the timer thread after {@code delayMs}. */
  static ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return TIMER.schedule(task, delayMs, TimeUnit.MILLISECONDS);
  }
}
