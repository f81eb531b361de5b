package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import java.util.List;

/**
 * The dry run of a pipeline: what would run, in which order, with which formats, how late and
 * how big, and whether it would be admitted.
 *
 * @param nodes every node in execution order
 * @param totalLatencyMs the largest algorithmic latency from a source to a sink, in ms
 * @param memoryEstimateBytes the buffers the executor would hold for the request's inputs
 * @param limits the limits the request would run under (defaults and caps applied)
 * @param admitted whether the request fits those limits
 * @param refusal why not, when not admitted; empty otherwise
 */
public record Explanation(
    List<ExplainedNode> nodes,
    double totalLatencyMs,
    long memoryEstimateBytes,
    ExecutionLimits limits,
    boolean admitted,
    String refusal) {

  /**
   * Copies the node list, so the explanation stays immutable.
   *
   * @param nodes every node in execution order
   * @param totalLatencyMs the largest algorithmic latency from a source to a sink, in ms
   * @param memoryEstimateBytes the buffers the executor would hold for the request's inputs
   * @param limits the limits the request would run under (defaults and caps applied)
   * @param admitted whether the request fits those limits
   * @param refusal why not, when not admitted; empty otherwise
   */
  public Explanation {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node of an explanation.
   *
   * @param id the node id
   * @param nodeType the node type
   * @param upstreamIds the nodes feeding it, in input order; empty for a source
   * @param inputFormat the format on its input edge
   * @param outputFormat the format it produces
   * @param latencyFrames its own algorithmic latency, in output frames
   * @param latencyMs the same in ms
   * @param cumulativeLatencyMs the latency from the source to this node's output, in ms
   */
  public record ExplainedNode(
      String id,
      String nodeType,
      List<String> upstreamIds,
      AudioFormat inputFormat,
      AudioFormat outputFormat,
      int latencyFrames,
      double latencyMs,
      double cumulativeLatencyMs) {}
}
