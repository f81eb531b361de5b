package io.remotemedia.client;

import java.util.concurrent.ThreadFactory;
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

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(),
        /* stackSize= */ 0, /* inheritThreadLocals= */ false);
    thread.setDaemon(true);
    thread.setContextClassLoader(SdkThreadFactory.class.getClassLoader());
    return thread;
  }
}
