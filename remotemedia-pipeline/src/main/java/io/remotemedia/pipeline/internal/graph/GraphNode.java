package io.remotemedia.pipeline.internal.graph;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeParams;
import java.util.List;

/**
 * One node of a {@link PipelineGraph}: its id and type, where its inputs come from, and where
 * its output goes. Immutable.
 *
 * @param id the node id
 * @param nodeType the node type name
 * @param upstreamIds the nodes feeding this one, in manifest order: empty for a source, one
 *     for most nodes, several for a fan-in node (their frames are joined side by side)
 * @param downstreamIds the nodes this one feeds, in manifest order; empty for a sink
 * @param factory the factory of the node's type, which {@link #newInstance()} calls
 * @param params the node's parameters, checked by the factory when the graph was compiled
 */
public record GraphNode(
    String id,
    String nodeType,
    List<String> upstreamIds,
    List<String> downstreamIds,
    NodeFactory factory,
    NodeParams params) {

  /**
   * Copies the id lists, so the node stays immutable.
   *
   * @param id the node id
   * @param nodeType the node type name
   * @param upstreamIds the nodes feeding this one, in manifest order: empty for a source, one for
   *     most nodes, several for a fan-in node (their frames are joined side by side)
   * @param downstreamIds the nodes this one feeds, in manifest order; empty for a sink
   * @param factory the factory of the node's type, which {@link #newInstance()} calls
   * @param params the node's parameters, checked by the factory when the graph was compiled
   */
  public GraphNode {
    upstreamIds = List.copyOf(upstreamIds);
    downstreamIds = List.copyOf(downstreamIds);
  }

  /** {@return true when no connection leads into this node: it takes a request input} */
  public boolean isSource() {
    return upstreamIds.isEmpty();
  }

  /** {@return true when no connection leaves this node: its output is a request output} */
  public boolean isSink() {
    return downstreamIds.isEmpty();
  }

  /** {@return true when several nodes feed this one} */
  public boolean isFanIn() {
    return upstreamIds.size() > 1;
  }

  /**
   * Creates a fresh node instance for one execution or stream.
   *
   * @return a new, unconfigured node built from this node's checked parameters
   */
  public AudioNode newInstance() {
    return factory.create(params);
  }
}
