package io.remotemedia.pipeline.graph;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeParams;
import java.util.List;
import java.util.Optional;

/**
 * One node of a {@link PipelineGraph}: its id and type, where its input comes from, and where
 * its output goes. Immutable.
 *
 * @param id the node id
 * @param nodeType the node type name
 * @param upstreamId the node feeding this one, or null for a source node
 * @param downstreamIds the nodes this one feeds, in manifest order; empty for a sink
 */
public record GraphNode(
    String id,
    String nodeType,
    String upstreamId,
    List<String> downstreamIds,
    NodeFactory factory,
    NodeParams params) {

  public GraphNode {
    downstreamIds = List.copyOf(downstreamIds);
  }

  /** Returns the upstream node id, empty for a source. */
  public Optional<String> upstream() {
    return Optional.ofNullable(upstreamId);
  }

  /** Returns true when no connection leads into this node: it takes a request input. */
  public boolean isSource() {
    return upstreamId == null;
  }

  /** Returns true when no connection leaves this node: its output is a request output. */
  public boolean isSink() {
    return downstreamIds.isEmpty();
  }

  /** Creates a fresh node instance for one execution or stream. */
  public AudioNode newInstance() {
    return factory.create(params);
  }
}
