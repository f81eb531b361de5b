package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.ClipCountingNode;
import io.remotemedia.pipeline.report.CustomReport;
import io.remotemedia.pipeline.report.NodeReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds nodes of one type from a manifest. This is the service-provider interface for custom
 * node types: implement it, give it a public no-argument constructor, and list the class in
 * {@code META-INF/services/io.remotemedia.pipeline.nodes.NodeFactory}.
 *
 * <pre>{@code
 * public final class InvertNodeFactory implements NodeFactory {
 *   public String nodeType() { return "Invert"; }
 *   public String description() { return "Flips the sign of every sample."; }
 *   public List<ParameterSpec> parameters() { return List.of(); }
 *   public AudioNode create(NodeParams params) { return new InvertNode(); }
 * }
 * }</pre>
 *
 * <p>Implementations are stateless and thread-safe; {@link #create} returns a new node each
 * time, because a node serves one stream.
 */
public interface NodeFactory {
  /** {@return the type name manifests use, for example {@code Gain}} Unique in a registry. */
  String nodeType();

  /** {@return one line on what the node does} */
  String description();

  /** {@return every parameter the node takes; a manifest naming any other is rejected} */
  List<ParameterSpec> parameters();

  /**
   * Creates a node from checked parameters.
   *
   * @param params the node's parameters, to be read with the factory's {@link ParameterSpec}s
   * @return a new, unconfigured node
   * @throws io.remotemedia.pipeline.PipelineException of kind VALIDATION, from {@link
   *     NodeParams}, when a value is missing, of the wrong type or out of range
   */
  AudioNode create(NodeParams params);

  /**
   * {@return how many connections must lead into the node} 1 for ordinary nodes; a fan-in node
   * (such as Mix) declares more, usually through a parameter, and receives its inputs' frames
   * side by side: input 0's channels first, then input 1's, and so on.
   *
   * @param params the node's checked parameters
   */
  default int inputCount(NodeParams params) {
    return 1;
  }

  /**
   * {@return the node's own figures after a run, reported in the run's metrics (for example
   * {@code clipped_samples})} Called once per run, after the last flush; may allocate. The
   * default reports {@code clipped_samples} for a {@link ClipCountingNode} and nothing else.
   *
   * @param node a node this factory created
   */
  default Map<String, Double> counters(AudioNode node) {
    return node instanceof ClipCountingNode counting
        ? Map.of("clipped_samples", (double) counting.clippedSamples())
        : Map.of();
  }

  /**
   * Returns the node's non-audio result after a run (for example a {@link
   * io.remotemedia.pipeline.report.VadReport}), or empty when it has none. Called once per run,
   * after the last flush. A custom node type reports a {@link CustomReport}.
   *
   * @param node a node this factory created
   * @return the node's report, or empty
   */
  default Optional<NodeReport> dataOutput(AudioNode node) {
    return Optional.empty();
  }

  /**
   * Returns what the node reported since the previous call, during a stream (for example a
   * {@link io.remotemedia.pipeline.report.VadEventReport} of speech starts), or empty. Called
   * after each chunk of a stream.
   *
   * @param node a node this factory created
   * @return the node's report for the chunk, or empty
   */
  default Optional<NodeReport> streamEvents(AudioNode node) {
    return Optional.empty();
  }
}
