package io.remotemedia.pipeline.internal.execution;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default pool where independent parts of a graph run concurrently: one daemon thread per
 * core, a bounded queue, and when both are full the caller runs the part itself, so nothing
 * queues without bound and no run waits for a thread.
 */
public final class BranchThreads {
  private BranchThreads() {}

  /** {@return the pool shared by every runner that was not given one} */
  public static Executor shared() {
    return Holder.POOL;
  }

  private static final class Holder {
    static final Executor POOL = create();

    private static Executor create() {
      int cores = Runtime.getRuntime().availableProcessors();
      AtomicInteger next = new AtomicInteger(1);
      ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(4 * cores), task -> {
            Thread thread = new Thread(task, "remotemedia-branch-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
          }, new ThreadPoolExecutor.CallerRunsPolicy());
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
