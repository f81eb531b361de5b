package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.Explanation.AdapterKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.CodecLatency;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoders in front of a planned pipeline's coded sources and the encoders behind its coded
 * sinks, for an explanation: which they are, their latency, and the longest latency from a
 * source's coded input to a sink's coded output. Checks each edge as decoding or coding it
 * would, so an explanation refuses what the call would refuse, with the same message.
 */
final class EdgeAdapters {
  private final List<Explanation.ExplainedEdge> edges;
  private final Map<String, Double> latencyMsByNode;

  private EdgeAdapters(List<Explanation.ExplainedEdge> edges,
      Map<String, Double> latencyMsByNode) {
    this.edges = List.copyOf(edges);
    this.latencyMsByNode = latencyMsByNode;
  }

  /**
   * Plans the adapters of {@code plan}. Every input encoding names a source and every output
   * encoding a sink: {@link io.remotemedia.pipeline.ExplainRequest} checks that when it is
   * made.
   *
   * @throws PipelineException INVALID_AUDIO when an edge cannot be coded as asked
   */
  static EdgeAdapters plan(ExecutionPlan plan, Map<String, InputEncoding> inputEncodings,
      Map<String, OutputEncoding> outputEncodings) {
    List<Explanation.ExplainedEdge> decoders = new ArrayList<>();
    List<Explanation.ExplainedEdge> encoders = new ArrayList<>();
    Map<String, Double> latencies = new HashMap<>();
    for (PlannedNode node : plan.order) {
      InputEncoding in = inputEncodings.get(node.id());
      if (node.graphNode.isSource() && in != null && in.encoding() != AudioEncoding.PCM) {
        CodecLatency latency = CodecLatency.forDecoder(node.inputFormat, in,
            "inputs[\"" + node.id() + "\"]");
        decoders.add(edge(node.id(), AdapterKind.DECODER, latency, node.inputFormat, 0));
        latencies.put(node.id(), latency.latencyMs());
      }
    }
    for (PlannedNode node : plan.order) {
      OutputEncoding out = outputEncodings.get(node.id());
      if (node.graphNode.isSink() && out != null && out.encoding() != AudioEncoding.PCM) {
        CodecLatency latency = CodecLatency.forEncoder(node.outputFormat, out,
            "output_encodings[\"" + node.id() + "\"]");
        encoders.add(edge(node.id(), AdapterKind.ENCODER, latency, node.outputFormat,
            out.encoding().isOpus() ? out.bitrateBps() : 0));
        // A node is both source and sink in a one-node pipeline: it may have both adapters.
        latencies.merge(node.id(), latency.latencyMs(), Double::sum);
      }
    }
    decoders.addAll(encoders);
    return new EdgeAdapters(decoders, latencies);
  }

  /** {@return the decoders, then the encoders, each in execution order} */
  List<Explanation.ExplainedEdge> edges() {
    return edges;
  }

  /**
   * {@return the largest latency from a source's input, through its decoder, the nodes and a
   * sink's encoder, to that sink's output, in ms}
   */
  double totalLatencyMs(ExecutionPlan plan) {
    Map<String, Double> reached = new HashMap<>();
    double total = 0;
    for (PlannedNode node : plan.order) {
      double before = node.upstreams.stream().mapToDouble(up -> reached.get(up.id()))
          .max().orElse(0);
      double own = node.node.latencyFrames() * 1000.0 / node.outputFormat.sampleRateHz();
      // The adapters of a one-node pipeline add up: decoder before it, encoder after it.
      double at = before + own + latencyMsByNode.getOrDefault(node.id(), 0.0);
      reached.put(node.id(), at);
      if (node.graphNode.isSink()) {
        total = Math.max(total, at);
      }
    }
    return total;
  }

  private static Explanation.ExplainedEdge edge(String nodeId, AdapterKind kind,
      CodecLatency latency, AudioFormat format, int bitrateBps) {
    return new Explanation.ExplainedEdge(nodeId, kind, latency.encoding(), format,
        latency.frameDurationUs(), bitrateBps, latency.lookaheadFrames(), latency.delayFrames(),
        latency.latencyMs());
  }

}
