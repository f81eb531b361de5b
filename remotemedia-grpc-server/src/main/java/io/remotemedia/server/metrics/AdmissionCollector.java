package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.pipeline.Capacity;
import java.util.List;

/**
 * Reads the runner's admission of executions at scrape time (its slots in use and its queue);
 * nothing to update per call. The metric names are those of the worker pool that used to admit
 * work, so dashboards and alerts keep working.
 */
final class AdmissionCollector extends Collector {
  private final Capacity admission;

  AdmissionCollector(Capacity admission) {
    this.admission = admission;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new GaugeMetricFamily("worker_queue_depth", "Calls waiting for an execution slot.",
            admission.waiting()),
        new GaugeMetricFamily("worker_queue_capacity", "Calls that may wait for an execution"
            + " slot before new ones are refused.", admission.maxQueued()),
        new GaugeMetricFamily("worker_active_threads", "Execution slots in use: pipelines"
            + " running now.", admission.active()));
  }
}
