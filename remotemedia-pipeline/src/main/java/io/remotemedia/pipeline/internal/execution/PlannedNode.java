package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.NodeTypeLimits;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One configured node of an {@link ExecutionPlan}: its instance, formats and buffers, and the
 * counters of the current run. Confined to the thread that drives the run.
 */
final class PlannedNode {
  final GraphNode graphNode;
  final AudioNode node;
  final AudioFormat inputFormat;
  final AudioFormat outputFormat;
  final List<PlannedNode> downstream = new ArrayList<>();
  /** The nodes feeding this one, in input order; empty for a source. */
  final List<PlannedNode> upstreams;
  /** Where a fan-in node's inputs wait to be joined; null for other nodes. */
  final JoinBuffer join;
  /** Where the node writes; holds one process or flush output. */
  final float[] output;
  /** Where a too-long input is cut into chunks; allocated only for non-source nodes. */
  final float[] staging;
  final double cumulativeLatencyMs;
  /** This node type's own limits; 0 values are not enforced. */
  final NodeTypeLimits limits;
  /** The node's own buffers and {@link #executorBytes}, in bytes. */
  private final long bufferBytes;

  long framesIn;
  long framesOut;
  long nanos;

  PlannedNode(GraphNode graphNode, AudioNode node, List<PlannedNode> upstreams,
      AudioFormat inputFormat, AudioFormat outputFormat, int maxChunkFrames,
      double upstreamLatencyMs, NodeTypeLimits limits, long bufferBytes) {
    this.graphNode = graphNode;
    this.bufferBytes = bufferBytes;
    this.limits = limits;
    this.upstreams = List.copyOf(upstreams);
    this.join = upstreams.size() > 1
        ? new JoinBuffer(graphNode.id(), upstreams.size(),
            upstreams.get(0).outputFormat.channelCount(), maxChunkFrames)
        : null;
    this.node = node;
    this.inputFormat = inputFormat;
    this.outputFormat = outputFormat;
    this.output = new float[Math.multiplyExact(outputFrames(node, maxChunkFrames),
        outputFormat.channelCount())];
    this.staging = new float[Math.multiplyExact(maxChunkFrames, inputFormat.channelCount())];
    this.cumulativeLatencyMs = upstreamLatencyMs
        + node.latencyFrames() * 1000.0 / outputFormat.sampleRateHz();
  }

  String id() {
    return graphNode.id();
  }

  /**
   * {@return the bytes of the arrays a planned node of a configured {@code node} allocates for
   * the executor} Its output, its staging and, for a fan-in node, the join's queues at their
   * first size. Worked out before they are allocated, so that {@link PlanMemory} can refuse them.
   */
  static long executorBytes(AudioNode node, int inputs, AudioFormat input, AudioFormat output,
      int maxChunkFrames) {
    long samples = (long) outputFrames(node, maxChunkFrames) * output.channelCount()
        + (long) maxChunkFrames * input.channelCount();
    if (inputs > 1) {
      samples += (long) maxChunkFrames * input.channelCount(); // the inputs side by side
    }
    return samples * Float.BYTES;
  }

  private static int outputFrames(AudioNode node, int maxChunkFrames) {
    return Math.max(node.maxOutputFrames(maxChunkFrames), node.maxFlushFrames());
  }

  /** {@return the node's own buffers and the executor's for it, in bytes} */
  long bufferBytes() {
    return bufferBytes;
  }

  void resetCounters() {
    framesIn = 0;
    framesOut = 0;
    nanos = 0;
  }
}
