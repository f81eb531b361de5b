package io.remotemedia.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When resumable sessions try to resume, and when they give up: one daemon timer thread for
 * every session's resume attempts, resume-window deadlines and silence checks, and the
 * back-off between attempts (0, then 20, 40 ... up to {@link #MAX_BACKOFF_MS} ms).
 * A task cancelled leaves the timer's queue at once: a session's deadline may be hours away,
 * and its task holds the session until it leaves.
 *
 * <p>The thread ends once no task has been queued for {@link #IDLE_TIME}, and the next task
 * starts another ({@code remotemedia-stream-resume-N}): a thread that lived as long as the JVM
 * would keep the SDK's classes loaded after the application that used them was undeployed.
 * A task queued as the thread ends is not lost: {@link java.util.concurrent.ThreadPoolExecutor}
 * lets its last thread end only with the queue empty, and starts another for a task that came
 * meanwhile. A task that waits for its time keeps the thread. Thread-safe.
 */
final class ResumeTimer {
  /** The longest pause between two resume attempts, in ms. */
  static final long MAX_BACKOFF_MS = 500;

  /** How long the timer's thread waits for a task before it ends. */
  static final Duration IDLE_TIME = Duration.ofSeconds(5);

  private static final ScheduledThreadPoolExecutor TIMER = timer(IDLE_TIME);

  private ResumeTimer() {}

  /**
   * {@return a timer with one thread, which ends once no task has been queued for {@code
   * idleTime}} The SDK's is made with {@link #IDLE_TIME}.
   */
  static ScheduledThreadPoolExecutor timer(Duration idleTime) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new SdkThreadFactory("remotemedia-stream-resume"));
    // Otherwise a cancelled task stays queued, with all it holds, until it would have run.
    timer.setRemoveOnCancelPolicy(true);
    // The one thread is the pool's core thread, which otherwise lives as long as the pool.
    timer.setKeepAliveTime(idleTime.toNanos(), TimeUnit.NANOSECONDS);
    timer.allowCoreThreadTimeOut(true);
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
