package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeTypeLimits;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.manifest.ManifestLocation;

/**
 * The buffer bytes of an {@link ExecutionPlan} as it is built, node by node, taken before each
 * node's buffers are allocated: within the node type's {@code node_max_memory_bytes}, within
 * the request's {@code max_memory_bytes} for all its nodes, and from the runner's {@link
 * MemoryPool} shared by all calls. A manifest that asks for more (a Normalize node that buffers
 * an hour of 64 channels) is refused with the node named, not after the memory has been taken.
 */
final class PlanMemory {
  /**
   * The retry hint of a call refused because others hold the memory: a guess of the same order
   * as the calls that hold it (tens of ms for a 10 s request; streams hold theirs longer).
   */
  static final long RETRY_AFTER_MS = 100;

  private final PipelineGraph graph;
  private final long maxBytes;
  private final MemoryPool.Lease lease;
  private long planned;
  private GraphNode node;
  private long nodeBytes;

  /**
   * @param maxBytes the request's limit; 0 for none
   * @param lease where the bytes are taken from; the caller gives them back
   */
  PlanMemory(PipelineGraph graph, long maxBytes, MemoryPool.Lease lease) {
    this.graph = graph;
    this.maxBytes = maxBytes;
    this.lease = lease;
  }

  /**
   * Takes room for {@code node}'s buffers, {@code bytes} in all so far (first its own, then
   * with the executor's for it), or refuses the node.
   *
   * @throws PipelineException RESOURCE_LIMIT naming the node, the limit passed and the bytes;
   *     BUSY when other calls hold the runner's memory now
   */
  void reserve(GraphNode node, AudioFormat input, long bytes, NodeTypeLimits typeLimits) {
    if (node != this.node) {
      this.node = node;
      this.nodeBytes = 0;
    }
    if (typeLimits.maxMemoryBytes() > 0 && bytes > typeLimits.maxMemoryBytes()) {
      throw refusal(needs(input, bytes) + ", over its type's limit of "
              + typeLimits.maxMemoryBytes() + " bytes (node_max_memory_bytes)",
          new LimitViolation("node_max_memory_bytes", typeLimits.maxMemoryBytes(), bytes));
    }
    long more = bytes - nodeBytes;
    long total = Saturating.sum(planned, more);
    if (maxBytes > 0 && total > maxBytes) {
      throw refusal(needs(input, bytes) + withOthers(total) + ", over the limit of "
              + maxBytes + " bytes (max_memory_bytes)",
          new LimitViolation("max_memory_bytes", maxBytes, total));
    }
    if (!lease.tryTake(more)) {
      long limit = lease.poolLimit();
      if (total > limit) {
        throw refusal(needs(input, bytes) + withOthers(total) + ", over the " + limit
                + " bytes this runner allows all its calls together (total_memory_bytes)",
            new LimitViolation("total_memory_bytes", limit, total));
      }
      throw PipelineException.builder(ErrorKind.BUSY, needs(input, bytes) + withOthers(total)
              + ", and other calls hold " + (lease.poolUsed() - lease.held()) + " of the "
              + limit + " bytes this runner allows all its calls together"
              + " (total_memory_bytes); retry after " + RETRY_AFTER_MS + " ms")
          .nodeId(node.id())
          .limit(new LimitViolation("total_memory_bytes", limit, lease.poolUsed() + more))
          .retryAfterMs(RETRY_AFTER_MS)
          .build();
    }
    planned = total;
    nodeBytes = bytes;
  }

  // The messages are built only for a refusal: reserve runs twice per node of every call.
  private String needs(AudioFormat input, long bytes) {
    ManifestLocation location = ExecutionPlan.locationOf(graph, node);
    return location.describe() + ": node \"" + node.id() + "\" (" + node.nodeType()
        + ") needs " + bytes + " bytes of buffers for " + input;
  }

  /** The nodes before this one: what is planned less what this node took before. */
  private String withOthers(long total) {
    long before = planned - nodeBytes;
    return before == 0 ? "" : " (" + total + " with the " + before
        + " bytes of the nodes before it)";
  }

  private PipelineException refusal(String message, LimitViolation limit) {
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, message)
        .nodeId(node.id())
        .limit(limit)
        .location(ExecutionPlan.locationOf(graph, node))
        .build();
  }
}
