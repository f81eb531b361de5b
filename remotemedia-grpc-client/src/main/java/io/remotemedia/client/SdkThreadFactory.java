package io.remotemedia.client;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the SDK's own daemon threads ({@code name-1}, {@code name-2} ...), which outlive no
 * application: they take nothing from the thread that happens to start them. Their context
 * class loader is the SDK's, not that thread's: in an application server, a thread started by
 * one web application's call and kept by the SDK would otherwise keep that application's
 * class loader, and with it every class it loaded, after the application is undeployed. The
 * SDK's loader is no such leak (the thread runs the SDK's code, which holds it anyway), and
 * code run there that looks up classes or services through the context class loader (a
 * listener calling {@link java.util.ServiceLoader#load(Class)}) finds what the SDK can see,
 * rather than failing as it would with none. For the same reason a new thread inherits no
 * {@link InheritableThreadLocal} values. Thread-safe.
 */
final class SdkThreadFactory implements ThreadFactory {
  private final String name;
  private final AtomicInteger count = new AtomicInteger();

  /** @param name the threads' name, to which each adds its number */
  SdkThreadFactory(String name) {
    this.name = name;
  }

  /**
   * {@return a pool of these threads that makes them on demand, each of which ends once it has
   * waited {@code idleTime} for a task} A task handed over as a thread ends is not lost: the
   * hand-off succeeds only to a thread still waiting, and a new thread is made otherwise.
   */
  static ThreadPoolExecutor onDemandPool(String name, Duration idleTime) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, idleTime.toNanos(), TimeUnit.NANOSECONDS,
        new SynchronousQueue<>(), new SdkThreadFactory(name));
  }

  /**
   * Hands {@code task} to {@code pool}, or runs it on the calling thread when the pool could
   * make no thread for it: the JVM refuses to start one ({@link OutOfMemoryError}, "unable to
   * create native thread", at its thread or memory limit), which a pool that makes threads on
   * demand passes on to {@code execute}'s caller. The SDK hands off only tasks that must run (a
   * call's next attempt, a session's callbacks), and run late on the wrong thread is better
   * than a call or session that never ends.
   */
  static void executeOrRunHere(Executor pool, Runnable task) {
    try {
      pool.execute(task);
    } catch (OutOfMemoryError noThread) {
      task.run();
    }
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(),
        /* stackSize= */ 0, /* inheritThreadLocals= */ false);
    thread.setDaemon(true);
    thread.setContextClassLoader(SdkThreadFactory.class.getClassLoader());
    return thread;
  }
}
