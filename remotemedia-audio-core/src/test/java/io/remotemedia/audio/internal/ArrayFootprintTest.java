package io.remotemedia.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ArrayFootprintTest {
  private static final long MIB = 1 << 20;

  @Test
  void smallArrays_countTheirHeaderAndAlignment() {
    assertThat(ArrayFootprint.inRegions(0, 0)).isEqualTo(16);
    assertThat(ArrayFootprint.inRegions(Double.BYTES, 0)).isEqualTo(24);
    assertThat(ArrayFootprint.inRegions(3 * Integer.BYTES, 0)).isEqualTo(32);
    assertThat(ArrayFootprint.inRegions(3 * Integer.BYTES, MIB)).isEqualTo(32);
  }

  @Test
  void withoutRegions_aLargeArrayCountsItsBytes() {
    assertThat(ArrayFootprint.inRegions(MIB, 0)).isEqualTo(MIB + 16);
  }

  @Test
  void underG1_anArrayOfMoreThanHalfARegion_takesWholeRegions() {
    // Half a region exactly, its header included: still an ordinary object.
    assertThat(ArrayFootprint.inRegions(MIB / 2 - 16, MIB)).isEqualTo(MIB / 2);
    // 8 bytes more: humongous, one region of its own.
    assertThat(ArrayFootprint.inRegions(MIB / 2 - 8, MIB)).isEqualTo(MIB);
    // 1 MiB of doubles and the header: two regions, half of the second one empty.
    assertThat(ArrayFootprint.inRegions(MIB, MIB)).isEqualTo(2 * MIB);
    // 10 s of 44.1 kHz stereo floats in 4 MiB regions.
    assertThat(ArrayFootprint.inRegions(3_528_000, 4 * MIB)).isEqualTo(4 * MIB);
  }

  @Test
  void inThisJvm_theRegionSizeIsThatOfItsCollector() {
    HotSpotDiagnosticMXBean vm =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    double[] oneRegion;
    if ("true".equals(vm.getVMOption("UseG1GC").getValue())) {
      long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
      oneRegion = new double[(int) (region / Double.BYTES)];
      assertThat(ArrayFootprint.of(oneRegion)).isEqualTo(2 * region);
    } else {
      oneRegion = new double[(int) (MIB / Double.BYTES)];
      assertThat(ArrayFootprint.of(oneRegion)).isEqualTo(MIB + 16);
    }
    assertThat(ArrayFootprint.of((double[]) null)).isZero();
    assertThat(ArrayFootprint.ofDoubles(oneRegion.length)).isEqualTo(ArrayFootprint.of(oneRegion));
  }
}
