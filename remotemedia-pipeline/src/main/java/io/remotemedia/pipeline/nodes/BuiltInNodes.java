package io.remotemedia.pipeline.nodes;

import java.util.List;

/** The node types that ship with the library. */
final class BuiltInNodes {
  private BuiltInNodes() {}

  static List<NodeFactory> factories() {
    return List.of(new GainNodeFactory(), new VadNodeFactory());
  }
}
