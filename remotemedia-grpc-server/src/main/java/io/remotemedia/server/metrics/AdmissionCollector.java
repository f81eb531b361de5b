package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.server.transport.WorkerPool;
import java.util.List;

/** Reads the worker pool's queue and threads at scrape time; nothing to update per call. */
final class WorkerPoolCollector extends Collector {
  private final WorkerPool workers;

  WorkerPoolCollector(WorkerPool workers) {
    this.workers = workers;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new GaugeMetricFamily("worker_queue_depth", "Tasks waiting for a worker thread: calls,"
            + " stream opens and the chunks of open streams.", workers.waiting()),
        new GaugeMetricFamily("worker_queue_capacity", "Calls and stream opens that may wait"
            + " before new ones are refused.", workers.admissionCapacity()),
        new GaugeMetricFamily("worker_active_threads", "Worker threads running a pipeline.",
            workers.activeThreads()));
  }
}
