package io.remotemedia.server.internal.transport;

import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The threads that run pipeline work off the transport's threads. It admits nothing itself:
 * the runner's admission control is the one check of capacity ({@code LocalPipelineRunner}: at
 * most {@code server.worker_threads} executions, explanations and stream plans run, {@code
 * server.worker_queue_capacity} more wait, {@code streams.max_open} streams are open; past that
 * the runner refuses as BUSY). So a thread here may wait in the runner's queue, and the pool
 * grows a thread whenever none is idle (threads idle for 60 s end). Their number is bounded by
 * what the runner lets run or wait, plus one per open stream whose chunk is being processed
 * here ({@code streams.chunk_thread: workers}; a session hands over its next chunk only after
 * the last one was answered).
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * WorkerPool pool = new WorkerPool("worker-");
 * Future<?> work = pool.submit(() -> runner.execute(request)); // the runner may refuse: BUSY
 * }</pre>
 */
public final class WorkerPool {
  private static final Logger log = LogManager.getLogger(WorkerPool.class);
  private static final long IDLE_THREAD_SECONDS = 60;

  private final ThreadPoolExecutor threads;

  /**
   * A pool with no thread yet.
   *
   * @param threadNamePrefix each thread's name is this prefix and its number, from 1
   */
  public WorkerPool(String threadNamePrefix) {
    this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS,
        TimeUnit.SECONDS, new SynchronousQueue<>(), namedDaemons(threadNamePrefix));
  }

  /**
   * Runs new work (a unary call, a stream's open) on a worker thread.
   *
   * @param task the work; runs once on a new or idle pool thread, never queued
   * @return the task's future; cancel it with interruption to stop the work
   * @throws RejectedExecutionException when the pool has shut down
   */
  public Future<?> submit(Runnable task) {
    FutureTask<Void> future = loggingFailures(task);
    threads.execute(future);
    return future;
  }

  /**
   * Runs more work of something already running (an open stream's chunk or close).
   *
   * @param task the work; runs once on a pool thread
   * @throws RejectedExecutionException when the pool has shut down
   */
  public void continueWith(Runnable task) {
    threads.execute(loggingFailures(task));
  }

  private static FutureTask<Void> loggingFailures(Runnable task) {
    return new FutureTask<>(task, null) {
      @Override
      protected void setException(Throwable failure) {
        // Tasks handle their own exceptions; what reaches here (an Error) would otherwise be
        // kept in a future nobody reads, or end the thread with a plain stack trace on stderr.
        log.error("a worker task failed", failure);
        super.setException(failure);
      }
    };
  }

  /** {@return the threads running a task now (some may wait in the runner's queue)} */
  public int activeThreads() {
    return threads.getActiveCount();
  }

  /** Interrupts the running tasks. */
  public void shutdownNow() {
    threads.shutdownNow();
  }

  private static ThreadFactory namedDaemons(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> {
      Thread thread = new Thread(task, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }
}
