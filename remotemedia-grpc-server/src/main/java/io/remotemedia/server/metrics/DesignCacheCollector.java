package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.audio.internal.resample.DesignCache;
import java.util.List;

/**
 * Reads the resampler's process-wide {@link DesignCache} at scrape time. The cache lives in
 * audio-core, which knows nothing of Prometheus: it offers plain getters, read here.
 */
final class DesignCacheCollector extends Collector {
  @Override
  public List<MetricFamilySamples> collect() {
    DesignCache.Stats stats = DesignCache.stats();
    return List.of(
        new GaugeMetricFamily("resampler_design_cache_bytes", "Bytes of resampler filter"
            + " designs held for reuse.", stats.bytes()),
        new GaugeMetricFamily("resampler_design_cache_capacity_bytes", "The most bytes of"
            + " designs the cache holds (limits.filter_cache_bytes).", stats.capacityBytes()),
        new GaugeMetricFamily("resampler_design_cache_entries", "Resampler filter designs held"
            + " for reuse.", stats.entries()),
        new CounterMetricFamily("resampler_design_cache_evictions_total", "Designs dropped from"
            + " the cache, or never kept, to stay within its bounds.", stats.evictions()));
  }
}
