package io.remotemedia.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's bound on direct memory, where the transport keeps the bytes it reads. */
final class DirectMemory {
  private DirectMemory() {}

  /**
   * {@return the most direct memory the JVM allows, in bytes: {@code -XX:MaxDirectMemorySize}
   * when set, else the maximum heap, as the JVM then does}
   */
  static long maxBytes() {
    String set = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption("MaxDirectMemorySize").getValue();
    long bytes = Long.parseLong(set);
    return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory();
  }
}
