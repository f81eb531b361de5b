package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.pipeline.BufferMemory;
import java.util.List;

/**
 * Reads the pipeline buffers all calls hold and their bound ({@code limits.total_memory_bytes})
 * at scrape time; nothing to update per call.
 */
final class BufferMemoryCollector extends Collector {
  private final BufferMemory memory;

  BufferMemoryCollector(BufferMemory memory) {
    this.memory = memory;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new GaugeMetricFamily("pipeline_memory_used_bytes", "Bytes of pipeline buffers the"
            + " running calls and open streams hold now.", memory.usedBytes()),
        new GaugeMetricFamily("pipeline_memory_limit_bytes", "Bytes of pipeline buffers all"
            + " calls may hold at once (limits.total_memory_bytes); a call past it is refused.",
            memory.limitBytes()));
  }
}
