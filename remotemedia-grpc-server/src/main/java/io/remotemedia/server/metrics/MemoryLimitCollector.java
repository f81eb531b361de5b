package io.remotemedia.server.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Exports {@code process_memory_limit_bytes}, the memory the process may use: its container's
 * limit (the JVM reads the cgroup), else the machine's memory. Beside {@code
 * process_resident_memory_bytes} it tells how close a pod is to being killed for memory, which
 * the heap's figures do not (thread stacks, direct buffers and the JVM's own memory are outside
 * the heap).
 */
final class MemoryLimitCollector extends Collector {
  private final OperatingSystemMXBean system =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(new GaugeMetricFamily("process_memory_limit_bytes", "Memory the process may"
        + " use: its container's limit, else the machine's memory.",
        system.getTotalMemorySize()));
  }
}
