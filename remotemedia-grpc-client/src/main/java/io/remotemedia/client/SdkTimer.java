package io.remotemedia.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's one timer: a daemon thread for every delayed task of its own, the resume attempts,
 * resume-window deadlines, silence checks and call deadlines of resumable sessions, the reset
 * that follows a cancel message, and the end of the pause before a unary call is made again
 * ({@link AttemptPause}), whose attempt it hands to another thread: that attempt runs the
 * caller's channel, which may block. Each task is short and never blocks.
 * A task cancelled leaves the timer's queue at once: a session's deadline may be hours away,
 * and its task holds the session until it leaves.
 *
 * <p>The thread ends once no task has been queued for {@link #IDLE_TIME}, and the next task
 * starts another ({@code remotemedia-timer-N}): a thread that lived as long as the JVM
 * would keep the SDK's classes loaded after the application that used them was undeployed.
 * A task queued as the thread ends is not lost: {@link java.util.concurrent.ThreadPoolExecutor}
 * lets its last thread end only with the queue empty, and starts another for a task that came
 * meanwhile. A task that waits for its time keeps the thread. Thread-safe.
 */
final class SdkTimer {
  /** How long the timer's thread waits for a task before it ends. */
  static final Duration IDLE_TIME = Duration.ofSeconds(5);

  private static final ScheduledThreadPoolExecutor TIMER = timer(IDLE_TIME);

  private SdkTimer() {}

  /**
   * {@return a timer with one thread, which ends once no task has been queued for {@code
   * idleTime}} The SDK's is made with {@link #IDLE_TIME}.
   */
  static ScheduledThreadPoolExecutor timer(Duration idleTime) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new SdkThreadFactory("remotemedia-timer"));
    // Otherwise a cancelled task stays queued, with all it holds, until it would have run.
    timer.setRemoveOnCancelPolicy(true);
    // The one thread is the pool's core thread, which otherwise lives as long as the pool.
    timer.setKeepAliveTime(idleTime.toNanos(), TimeUnit.NANOSECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  /** Runs {@code task} on the timer thread after {@code delayNanos}, never before. */
  static ScheduledFuture<?> scheduleNanos(Runnable task, long delayNanos) {
    return TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the timer thread after {@code delayMs}, never before. */
  static ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return TIMER.schedule(task, delayMs, TimeUnit.MILLISECONDS);
  }
}
