package io.remotemedia.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's bound on direct memory, where the transport keeps the bytes it reads. */
final class DirectMemory {
  private DirectMemory() {}

  /**
   * {@return the most direct memory the JVM allows, in bytes: {@code -XX:MaxDirectMemorySize}
   * when set, else the maximum heap, as HotSpot then allows} On a JVM without HotSpot's
   * diagnostic bean or option, the maximum heap.
   */
  static long maxBytes() {
    long set = 0;
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotSpot != null) {
        set = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
      }
    } catch (IllegalArgumentException notHotSpot) {
      // No such bean or option (NumberFormatException is one too): the heap's bound.
      set = 0;
    }
    return set > 0 ? set : Runtime.getRuntime().maxMemory();
  }
}
