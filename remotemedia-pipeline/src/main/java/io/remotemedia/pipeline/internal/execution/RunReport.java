package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.pipeline.report.NodeReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a finished run's metrics and data outputs off its plan. */
final class RunReport {
  private RunReport() {}

  /**
   * The run's metrics.
   *
   * @param sinks the run's sinks by node id, for their clipped samples
   */
  static ExecutionMetrics metrics(ExecutionPlan plan, Map<String, SinkAccumulator> sinks,
      long startNanos, long startCpuNanos, long startAllocatedBytes) {
    return metrics(plan, sinks, startNanos, startCpuNanos, startAllocatedBytes, 0, 0);
  }

  /** As above, adding the CPU time and allocations of branches that ran on other threads. */
  static ExecutionMetrics metrics(ExecutionPlan plan, Map<String, SinkAccumulator> sinks,
      long startNanos, long startCpuNanos, long startAllocatedBytes, long otherThreadsCpuNanos,
      long otherThreadsAllocatedBytes) {
    List<NodeMetrics> nodes = new ArrayList<>();
    for (PlannedNode node : plan.order) {
      Map<String, Double> counters = node.graphNode.factory().counters(node.node);
      if (node.graphNode.isSink() && node.outputFormat.sampleFormat() != SampleFormat.F32) {
        SinkAccumulator sink = sinks.get(node.id());
        counters = new LinkedHashMap<>(counters);
        counters.put(NodeMetrics.OUTPUT_CLIPPED_SAMPLES,
            sink == null ? 0.0 : sink.clippedSamples());
      }
      nodes.add(new NodeMetrics(node.id(), node.graphNode.nodeType(), node.nanos / 1e6,
          node.framesIn, node.framesOut, counters));
    }
    return new ExecutionMetrics(
        (System.nanoTime() - startNanos) / 1e6,
        (ThreadCost.cpuNanos() - startCpuNanos + otherThreadsCpuNanos) / 1e6,
        Math.max(0, ThreadCost.allocatedBytes() - startAllocatedBytes)
            + otherThreadsAllocatedBytes,
        nodes,
        0);
  }

  static Map<String, NodeReport> dataOutputs(ExecutionPlan plan) {
    Map<String, NodeReport> data = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      node.graphNode.factory().dataOutput(node.node)
          .ifPresent(report -> data.put(node.id(), report));
    }
    return data;
  }

  static Map<String, NodeReport> streamEvents(ExecutionPlan plan) {
    Map<String, NodeReport> events = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      node.graphNode.factory().streamEvents(node.node)
          .ifPresent(report -> events.put(node.id(), report));
    }
    return events;
  }
}
