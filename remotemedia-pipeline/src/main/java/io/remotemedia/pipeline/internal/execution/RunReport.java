package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.NodeMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a finished run's metrics and data outputs off its plan. */
final class RunReport {
  private RunReport() {}

  static ExecutionMetrics metrics(ExecutionPlan plan, long startNanos, long startCpuNanos,
      long startAllocatedBytes) {
    return metrics(plan, startNanos, startCpuNanos, startAllocatedBytes, 0, 0);
  }

  /** As above, adding the CPU time and allocations of branches that ran on other threads. */
  static ExecutionMetrics metrics(ExecutionPlan plan, long startNanos, long startCpuNanos,
      long startAllocatedBytes, long otherThreadsCpuNanos, long otherThreadsAllocatedBytes) {
    List<NodeMetrics> nodes = new ArrayList<>();
    for (PlannedNode node : plan.order) {
      nodes.add(new NodeMetrics(node.id(), node.graphNode.nodeType(), node.nanos / 1e6,
          node.framesIn, node.framesOut, node.graphNode.factory().counters(node.node)));
    }
    return new ExecutionMetrics(
        (System.nanoTime() - startNanos) / 1e6,
        (ThreadCost.cpuNanos() - startCpuNanos + otherThreadsCpuNanos) / 1e6,
        Math.max(0, ThreadCost.allocatedBytes() - startAllocatedBytes)
            + otherThreadsAllocatedBytes,
        nodes,
        0);
  }

  static Map<String, Map<String, Object>> dataOutputs(ExecutionPlan plan) {
    Map<String, Map<String, Object>> data = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      Map<String, Object> output = node.graphNode.factory().dataOutput(node.node);
      if (!output.isEmpty()) {
        data.put(node.id(), output);
      }
    }
    return data;
  }

  static Map<String, Map<String, Object>> streamEvents(ExecutionPlan plan) {
    Map<String, Map<String, Object>> events = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      Map<String, Object> output = node.graphNode.factory().streamEvents(node.node);
      if (!output.isEmpty()) {
        events.put(node.id(), output);
      }
    }
    return events;
  }
}
