package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeTypeLimits;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;

/**
 * The buffer bytes of an {@link ExecutionPlan} as it is built, node by node, checked against
 * the limits before each node's buffers are allocated: the request's {@code max_memory_bytes}
 * for all nodes together, and the node type's {@code node_max_memory_bytes} for each. A
 * manifest that asks for more (a Normalize node that buffers an hour of 64 channels) is refused
 * with the node named, not after the memory has been taken.
 */
final class PlanMemory {
  private final PipelineGraph graph;
  private final long maxBytes;
  private long planned;

  /**
   * @param maxBytes the request's limit; 0 for none
   */
  PlanMemory(PipelineGraph graph, long maxBytes) {
    this.graph = graph;
    this.maxBytes = maxBytes;
  }

  /**
   * Refuses a node whose buffers, {@code bytes} in all so far, do not fit.
   *
   * @throws PipelineException RESOURCE_LIMIT naming the node, the limit and the bytes
   */
  void check(GraphNode node, AudioFormat input, long bytes, NodeTypeLimits typeLimits) {
    if (typeLimits.maxMemoryBytes() > 0 && bytes > typeLimits.maxMemoryBytes()) {
      throw refusal(node, "node \"" + node.id() + "\" (" + node.nodeType() + ") needs " + bytes
              + " bytes of buffers for " + input + ", over its type's limit of "
              + typeLimits.maxMemoryBytes() + " bytes (node_max_memory_bytes)",
          new LimitViolation("node_max_memory_bytes", typeLimits.maxMemoryBytes(), bytes));
    }
    long total = Saturating.sum(planned, bytes);
    if (maxBytes > 0 && total > maxBytes) {
      String before = planned == 0 ? "" : " (" + total + " with the " + planned
          + " bytes of the nodes before it)";
      throw refusal(node, "node \"" + node.id() + "\" (" + node.nodeType() + ") needs " + bytes
              + " bytes of buffers for " + input + before + ", over the limit of " + maxBytes
              + " bytes (max_memory_bytes)",
          new LimitViolation("max_memory_bytes", maxBytes, total));
    }
  }

  /** Counts {@code bytes} as taken, after {@link #check}. */
  void add(long bytes) {
    planned = Saturating.sum(planned, bytes);
  }

  private PipelineException refusal(GraphNode node, String message, LimitViolation limit) {
    int index = graph.manifest().nodes().stream().map(spec -> spec.id()).toList()
        .indexOf(node.id());
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, message)
        .nodeId(node.id())
        .limit(limit)
        .location(graph.manifest().locate("nodes[" + index + "]"))
        .build();
  }
}
