package io.remotemedia.pipeline.nodes;

import java.util.List;

/** The node types that ship with the library. One per line, sorted, to keep merges simple. */
final class BuiltInNodes {
  private BuiltInNodes() {}

  static List<NodeFactory> factories() {
    return List.of(
        new AudioBufferAccumulatorNodeFactory(),
        new AudioChunkerNodeFactory(),
        new AudioFormatConverterNodeFactory(),
        new AudioResampleNodeFactory(),
        new BiquadNodeFactory(),
        new ChannelMapNodeFactory(),
        new DcBlockerNodeFactory(),
        new GainNodeFactory(),
        new MixNodeFactory(),
        new NormalizeNodeFactory(),
        new SilenceTrimNodeFactory(),
        new VadNodeFactory());
  }
}
