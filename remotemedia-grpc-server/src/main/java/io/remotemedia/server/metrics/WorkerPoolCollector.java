package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/** Reads the worker pool's queue and threads at scrape time; nothing to update per call. */
final class WorkerPoolCollector extends Collector {
  private final ThreadPoolExecutor workers;

  WorkerPoolCollector(ThreadPoolExecutor workers) {
    this.workers = workers;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    int depth = workers.getQueue().size();
    return List.of(
        new GaugeMetricFamily("worker_queue_depth", "Calls waiting for a worker thread.",
            depth),
        new GaugeMetricFamily("worker_queue_capacity", "Calls that may wait before new ones"
            + " are refused.", depth + workers.getQueue().remainingCapacity()),
        new GaugeMetricFamily("worker_active_threads", "Worker threads running a pipeline.",
            workers.getActiveCount()));
  }
}
