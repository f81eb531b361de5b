package io.remotemedia.pipeline.internal.execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Reads the current thread's CPU time and allocated bytes, where the JVM counts them. */
final class ThreadCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.ThreadMXBean HOTSPOT_THREADS =
      THREADS instanceof com.sun.management.ThreadMXBean hotspot
          && hotspot.isThreadAllocatedMemorySupported()
          ? hotspot
          : null;

  private ThreadCost() {}

  /** CPU time of the current thread in ns, or 0 where unsupported. */
  static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /** Bytes the current thread has allocated so far, or 0 where unsupported. */
  static long allocatedBytes() {
    return HOTSPOT_THREADS == null ? 0 : HOTSPOT_THREADS.getCurrentThreadAllocatedBytes();
  }
}
