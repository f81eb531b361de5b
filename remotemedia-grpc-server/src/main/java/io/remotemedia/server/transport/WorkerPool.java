package io.remotemedia.server.transport;

import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The threads that run pipeline work, with admission control for new work only.
 *
 * <p>New work (a unary call, a stream's open) is {@linkplain #admit admitted} only while fewer
 * than {@code admissionCapacity} admitted tasks wait for a thread, so a saturated server refuses
 * it at once (BUSY) instead of queueing it without bound. The work of a stream that is already
 * open (its chunks and its close) {@linkplain #continueWith continues} without a check: each
 * open stream has at most one such task waiting, because its session reads the next message
 * only after the last answer left, so those waits are bounded by the number of open streams.
 * Refusing them instead would end healthy streams, or make them retry on a timer, whenever a
 * burst of chunks from many streams arrived together.
 *
 * <p>Tasks run in the order they arrive, new and continuing alike. Thread-safe.
 *
 * <pre>{@code
 * WorkerPool pool = new WorkerPool(Runtime.getRuntime().availableProcessors(), 8, "worker-");
 * Optional<Future<?>> work = pool.admit(() -> runPipeline(request));
 * if (work.isEmpty()) {
 *   refuseAsBusy();
 * }
 * }</pre>
 */
public final class WorkerPool {
  private static final Logger log = LogManager.getLogger(WorkerPool.class);

  private final ThreadPoolExecutor threads;
  private final int admissionCapacity;
  private final AtomicInteger waitingAdmitted = new AtomicInteger();

  /**
   * @param threadCount the worker threads, at least 1 (the cores, for CPU-bound pipelines)
   * @param admissionCapacity how many admitted tasks may wait before new work is refused, at
   *     least 1
   * @param threadNamePrefix each thread's name is this prefix and its number, from 1
   */
  public WorkerPool(int threadCount, int admissionCapacity, String threadNamePrefix) {
    if (threadCount < 1) {
      throw new IllegalArgumentException("threadCount must be at least 1, was " + threadCount);
    }
    if (admissionCapacity < 1) {
      throw new IllegalArgumentException(
          "admissionCapacity must be at least 1, was " + admissionCapacity);
    }
    this.admissionCapacity = admissionCapacity;
    this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), namedDaemons(threadNamePrefix));
  }

  /**
   * Queues new work unless {@code admissionCapacity} admitted tasks already wait.
   *
   * @param task the work; runs once on a pool thread
   * @return the task's future (cancel it with interruption to stop the work), or empty when the
   *     pool is at capacity or shut down
   */
  public Optional<Future<?>> admit(Runnable task) {
    if (waitingAdmitted.incrementAndGet() > admissionCapacity) {
      waitingAdmitted.decrementAndGet();
      return Optional.empty();
    }
    FutureTask<Void> future = new FutureTask<>(task, null) {
      @Override
      public void run() {
        // A thread took it (even if it was cancelled meanwhile): it no longer waits.
        waitingAdmitted.decrementAndGet();
        super.run();
      }

      @Override
      protected void setException(Throwable failure) {
        // Tasks handle their own exceptions; what reaches here (an Error) would otherwise be
        // kept in a future nobody reads.
        log.error("a worker task failed", failure);
        super.setException(failure);
      }
    };
    try {
      threads.execute(future);
    } catch (RejectedExecutionException shutDown) {
      waitingAdmitted.decrementAndGet();
      return Optional.empty();
    }
    return Optional.of(future);
  }

  /**
   * Queues more work of something already admitted, without a capacity check.
   *
   * @param task the work; runs once on a pool thread
   * @throws RejectedExecutionException when the pool has shut down
   */
  public void continueWith(Runnable task) {
    threads.execute(task);
  }

  /** {@return the tasks waiting for a thread, admitted and continuing alike} */
  public int waiting() {
    return threads.getQueue().size();
  }

  /** {@return how many admitted tasks may wait before new work is refused} */
  public int admissionCapacity() {
    return admissionCapacity;
  }

  /** {@return the threads running a task now} */
  public int activeThreads() {
    return threads.getActiveCount();
  }

  /** Interrupts the running tasks and drops the waiting ones. */
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
