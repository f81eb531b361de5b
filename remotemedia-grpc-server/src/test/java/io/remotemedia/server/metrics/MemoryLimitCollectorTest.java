package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.StandardExports;
import org.junit.jupiter.api.Test;

class MemoryLimitCollectorTest {
  @Test
  void limit_isAtLeastTheMaxHeapAndTheResidentMemory() {
    CollectorRegistry registry = new CollectorRegistry();
    new MemoryLimitCollector().register(registry);
    new StandardExports().register(registry);

    Double limit = registry.getSampleValue("process_memory_limit_bytes");
    Double resident = registry.getSampleValue("process_resident_memory_bytes");

    // The JVM sizes its heap from the same limit (a container's, else the machine's), and a
    // process over its limit would have been killed.
    assertThat(limit).isNotNull().isGreaterThanOrEqualTo((double) Runtime.getRuntime().maxMemory());
    assertThat(resident).as("resident memory (Linux /proc)").isNotNull().isPositive()
        .isLessThanOrEqualTo(limit);
  }
}
