package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import java.util.List;

/**
 * The dry run of a pipeline: what would run, in which order, with which formats, how late and
 * how big, and whether it would be admitted.
 *
 * @param nodes every node in execution order
 * @param totalLatencyMs the largest algorithmic latency from a source's input to a sink's
 *     output, in ms, counting the edge adapters (decoders and encoders) on the way
 * @param memoryEstimateBytes the buffers the executor would hold for the request's inputs
 * @param limits the limits the request would run under (defaults and caps applied)
 * @param admitted whether the request fits those limits
 * @param refusal why not, when not admitted; empty otherwise
 * @param edges the decoders in front of coded sources, then the encoders behind coded sinks,
 *     each in node execution order; empty when every input and output is PCM
 */
public record Explanation(
    List<ExplainedNode> nodes,
    double totalLatencyMs,
    long memoryEstimateBytes,
    ExecutionLimits limits,
    boolean admitted,
    String refusal,
    List<ExplainedEdge> edges) {

  /**
   * Copies the lists, so the explanation stays immutable.
   *
   * @param nodes every node in execution order
   * @param totalLatencyMs the largest algorithmic latency from a source's input to a sink's
   *     output, in ms, counting the edge adapters
   * @param memoryEstimateBytes the buffers the executor would hold for the request's inputs
   * @param limits the limits the request would run under (defaults and caps applied)
   * @param admitted whether the request fits those limits
   * @param refusal why not, when not admitted; empty otherwise
   * @param edges the decoders and encoders at the pipeline's edges
   */
  public Explanation {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /**
   * An explanation without edge adapters: every input and output is PCM.
   *
   * @param nodes every node in execution order
   * @param totalLatencyMs the largest algorithmic latency from a source to a sink, in ms
   * @param memoryEstimateBytes the buffers the executor would hold for the request's inputs
   * @param limits the limits the request would run under (defaults and caps applied)
   * @param admitted whether the request fits those limits
   * @param refusal why not, when not admitted; empty otherwise
   */
  public Explanation(List<ExplainedNode> nodes, double totalLatencyMs, long memoryEstimateBytes,
      ExecutionLimits limits, boolean admitted, String refusal) {
    this(nodes, totalLatencyMs, memoryEstimateBytes, limits, admitted, refusal, List.of());
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
   * @param cumulativeLatencyMs the latency from the source node's input to this node's output,
   *     in ms, not counting a decoder in front of the source
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

  /** What an edge adapter does. */
  public enum AdapterKind {
    /** Decodes a source's coded input before the source node. */
    DECODER,
    /** Codes a sink's output after the sink node. */
    ENCODER
  }

  /**
   * One edge adapter: the decoder in front of a coded source, or the encoder behind a sink whose
   * output is asked for coded.
   *
   * @param nodeId the source or sink node it serves
   * @param kind decoder or encoder
   * @param encoding the coded side's encoding
   * @param format the PCM side: the format the input decodes to, or the sink's output format
   * @param frameDurationUs Opus: the duration of one packet, which the encoder buffers before
   *     it sends it, in microseconds; 0 for G.711
   * @param bitrateBps an Opus encoder's target bit rate in bits per second; 0 otherwise
   * @param lookaheadFrames the Opus encoder's look-ahead in frames at the format's rate; 0 for
   *     G.711
   * @param delayFrames how far the decoded samples lag the input, in frames at the format's rate:
   *     the look-ahead for raw Opus packets, 0 for Ogg Opus (its pre-skip is dropped) and G.711
   * @param latencyMs the adapter's algorithmic latency in ms: one frame plus the look-ahead for
   *     Opus, 0 for G.711
   */
  public record ExplainedEdge(
      String nodeId,
      AdapterKind kind,
      AudioEncoding encoding,
      AudioFormat format,
      int frameDurationUs,
      int bitrateBps,
      int lookaheadFrames,
      int delayFrames,
      double latencyMs) {}
}
