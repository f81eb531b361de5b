package io.remotemedia.audio.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The heap an array takes, for memory checks that must hold on the real heap, not only in
 * payload bytes: its header and alignment, and under G1 the whole regions a large array fills.
 *
 * <p>G1 gives an array larger than half a region whole regions of its own ("humongous"), and the
 * rest of its last region stays empty. With the 1 MiB regions of a 512 MiB heap, a resampler table
 * of exactly 1 MiB of doubles takes 2 MiB: a manifest of 100 awkward {@code very_high}
 * resamplers, 3 such tables each, checked as 322 MB against a 256 MiB budget and made the
 * server run out of heap before the check refused it (2026-12-07).
 *
 * <p>The region size is read once from the JVM ({@code G1HeapRegionSize}); under another
 * collector, or where the {@code jdk.management} module is absent, arrays count their header
 * and payload only. Thread-safe.
 */
public final class ArrayFootprint {
  /** An array's header on a 64-bit JVM with compressed class pointers, rounded up. */
  static final long HEADER_BYTES = 16;
  private static final long ALIGNMENT_BYTES = 8;

  private ArrayFootprint() {}

  /** {@return the heap {@code array} takes; 0 for null} */
  public static long of(double[] array) {
    return array == null ? 0 : ofPayload((long) Double.BYTES * array.length);
  }

  /** {@return the heap {@code array} takes; 0 for null} */
  public static long of(int[] array) {
    return array == null ? 0 : ofPayload((long) Integer.BYTES * array.length);
  }

  /** {@return the heap an array of {@code length} doubles would take} */
  public static long ofDoubles(long length) {
    return ofPayload(Double.BYTES * length);
  }

  /**
   * The heap an array of {@code payloadBytes} of elements takes in this JVM.
   *
   * @param payloadBytes the elements' bytes, ≥ 0
   * @return its footprint
   */
  public static long ofPayload(long payloadBytes) {
    return inRegions(payloadBytes, Regions.G1_REGION_BYTES);
  }

  /**
   * The footprint of an array of {@code payloadBytes} under G1 with regions of {@code
   * regionBytes}, or under another collector when {@code regionBytes} is 0.
   */
  static long inRegions(long payloadBytes, long regionBytes) {
    long object = (HEADER_BYTES + payloadBytes + ALIGNMENT_BYTES - 1) & -ALIGNMENT_BYTES;
    // HotSpot: humongous when strictly over half a region (G1CollectedHeap::is_humongous).
    if (regionBytes <= 0 || object <= regionBytes / 2) {
      return object;
    }
    return (object + regionBytes - 1) / regionBytes * regionBytes;
  }

  /** The G1 region size, looked up when first needed. */
  private static final class Regions {
    static final long G1_REGION_BYTES = lookUp();

    private static long lookUp() {
      if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
        return 0;
      }
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) {
        return 0;
      }
      return Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
    }
  }
}
