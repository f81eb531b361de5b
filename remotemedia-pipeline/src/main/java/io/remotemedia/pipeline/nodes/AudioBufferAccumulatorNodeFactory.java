package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.framing.AudioBufferAccumulatorConfig;
import io.remotemedia.audio.framing.AudioBufferAccumulatorNode;
import io.remotemedia.audio.node.AudioNode;
import java.util.List;

/**
 * Builds {@link AudioBufferAccumulatorNode}s: node type {@code AudioBufferAccumulator},
 * parameter {@code duration_ms}.
 */
final class AudioBufferAccumulatorNodeFactory implements NodeFactory {
  static final NumberParameter DURATION_MS = new NumberParameter("duration_ms", 1000.0,
      AudioBufferAccumulatorConfig.MIN_DURATION_MS, AudioBufferAccumulatorConfig.MAX_DURATION_MS,
      "Audio collected before a block is emitted, ms.");

  @Override
  public String nodeType() {
    return "AudioBufferAccumulator";
  }

  @Override
  public String description() {
    return "Holds audio until duration_ms has accumulated, then emits it as one block.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(DURATION_MS);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new AudioBufferAccumulatorNode(
        new AudioBufferAccumulatorConfig(params.get(DURATION_MS)));
  }
}
