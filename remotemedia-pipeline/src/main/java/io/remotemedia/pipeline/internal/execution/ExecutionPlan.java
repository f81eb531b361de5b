package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeTypeLimits;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph with fresh node instances configured for known input formats: the format on every
 * edge, each node's latency and buffers, all fixed before any audio flows. Format problems are
 * reported here, naming the edge and the fix.
 */
final class ExecutionPlan {
  private static final NodeTypeLimits NO_LIMITS = new NodeTypeLimits(0, 0);

  final PipelineGraph graph;
  final int maxChunkFrames;
  final List<PlannedNode> order;
  final Map<String, PlannedNode> byId;

  private ExecutionPlan(PipelineGraph graph, int maxChunkFrames, List<PlannedNode> order) {
    this.graph = graph;
    this.maxChunkFrames = maxChunkFrames;
    this.order = order;
    Map<String, PlannedNode> index = new LinkedHashMap<>();
    order.forEach(node -> index.put(node.id(), node));
    this.byId = index;
    for (PlannedNode node : order) {
      node.upstreams.forEach(up -> up.downstream.add(node));
    }
  }

  /**
   * Configures every node of {@code graph}, checking the memory limits before each node's
   * buffers are allocated ({@link PlanMemory}).
   *
   * @param sourceFormats the input format of each source node
   * @param maxChunkFrames the most frames any node receives in one call
   * @param nodeLimits limits by node type
   * @param maxMemoryBytes the request's limit on the buffers of all nodes; 0 for none
   * @param lease where the nodes' buffers are taken from; the caller gives them back, also
   *     when this throws
   * @throws PipelineException VALIDATION when a node cannot take its input format;
   *     RESOURCE_LIMIT when a node's buffers exceed its type's memory cap, or with the nodes
   *     before it the request's or the runner's; BUSY when other calls hold the runner's
   */
  static ExecutionPlan create(PipelineGraph graph, Map<String, AudioFormat> sourceFormats,
      int maxChunkFrames, Map<String, NodeTypeLimits> nodeLimits, long maxMemoryBytes,
      MemoryPool.Lease lease) {
    PlanMemory memory = new PlanMemory(graph, maxMemoryBytes, lease);
    Map<String, PlannedNode> planned = new LinkedHashMap<>();
    List<PlannedNode> order = new ArrayList<>();
    for (GraphNode graphNode : graph.executionOrder()) {
      // A plan of many nodes can take seconds (filter designs); a cancelled call stops here.
      checkNotInterrupted(graphNode);
      List<PlannedNode> upstreams = graphNode.upstreamIds().stream().map(planned::get).toList();
      AudioFormat input = upstreams.isEmpty()
          ? sourceFormats.get(graphNode.id())
          : joinedFormat(graph, graphNode, upstreams);
      AudioNode node = graphNode.newInstance();
      NodeTypeLimits limits = nodeLimits.getOrDefault(graphNode.nodeType(), NO_LIMITS);
      long nodeBytes = Math.max(0, node.bufferBytes(input, maxChunkFrames));
      memory.reserve(graphNode, input, nodeBytes, limits);
      AudioFormat output = configure(graph, graphNode, node, input, maxChunkFrames);
      long bytes = Saturating.sum(nodeBytes, PlannedNode.executorBytes(
          node, upstreams.size(), input, output, maxChunkFrames));
      memory.reserve(graphNode, input, bytes, limits);
      double upstreamLatencyMs = upstreams.stream()
          .mapToDouble(up -> up.cumulativeLatencyMs).max().orElse(0);
      PlannedNode plannedNode = new PlannedNode(graphNode, node, upstreams, input, output,
          maxChunkFrames, upstreamLatencyMs, limits, bytes);
      planned.put(graphNode.id(), plannedNode);
      order.add(plannedNode);
    }
    return new ExecutionPlan(graph, maxChunkFrames, List.copyOf(order));
  }

  private static void checkNotInterrupted(GraphNode next) {
    if (Thread.currentThread().isInterrupted()) {
      throw PipelineException.builder(ErrorKind.CANCELLED, "cancelled while the pipeline was"
              + " planned, before node \"" + next.id() + "\"")
          .nodeId(next.id())
          .build();
    }
  }

  /** Charges the growth of every fan-in node's queues to {@code budget}, the run's. */
  void chargeJoinsTo(SinkAccumulator.Budget budget) {
    for (PlannedNode node : order) {
      if (node.join != null) {
        node.join.chargeTo(budget);
      }
    }
  }

  /** Bytes of buffers this plan holds: the nodes' own and the executor's for each node. */
  long bufferBytes() {
    return order.stream().mapToLong(PlannedNode::bufferBytes).sum();
  }

  /**
   * The format a node sees: its one input's, or for a fan-in node the inputs' frames side by
   * side, which needs every input at the same rate, channel count and sample format.
   */
  private static AudioFormat joinedFormat(
      PipelineGraph graph, GraphNode graphNode, List<PlannedNode> upstreams) {
    AudioFormat first = upstreams.get(0).outputFormat;
    if (upstreams.size() == 1) {
      return first;
    }
    for (PlannedNode other : upstreams.subList(1, upstreams.size())) {
      if (!other.outputFormat.equals(first)) {
        String edges = "edges " + upstreams.get(0).id() + " -> " + graphNode.id() + " and "
            + other.id() + " -> " + graphNode.id();
        throw PipelineException.builder(ErrorKind.VALIDATION, edges + ": the inputs of "
                + graphNode.nodeType() + " \"" + graphNode.id() + "\" must have one format,"
                + " but they carry " + first + " and " + other.outputFormat
                + "; insert an AudioResample, ChannelMap or AudioFormatConverter node on one"
                + " of them")
            .nodeId(graphNode.id())
            .context(Map.of("expected_format", first.toString(),
                "actual_format", other.outputFormat.toString()))
            .build();
      }
    }
    long joined = (long) first.channelCount() * upstreams.size();
    if (joined > AudioFormat.MAX_CHANNELS) {
      throw PipelineException.builder(ErrorKind.VALIDATION, graphNode.nodeType() + " \""
              + graphNode.id() + "\" joins " + upstreams.size() + " inputs of "
              + first.channelCount() + " channels, " + joined + " side by side, over the limit"
              + " of " + AudioFormat.MAX_CHANNELS + " channels; join fewer inputs, or reduce"
              + " their channels first (ChannelMap)")
          .nodeId(graphNode.id())
          .limit(new LimitViolation("channels", AudioFormat.MAX_CHANNELS, joined))
          .build();
    }
    return first.withChannelCount((int) joined);
  }

  /** The node types that convert formats, which an unsupported format's hint points at. */
  private static final Set<String> CONVERTERS =
      Set.of("AudioResample", "ChannelMap", "AudioFormatConverter");

  private static AudioFormat configure(PipelineGraph graph, GraphNode graphNode, AudioNode node,
      AudioFormat input, int maxChunkFrames) {
    try {
      return node.configure(input, maxChunkFrames);
    } catch (UnsupportedFormatException e) {
      String edge = graphNode.isSource()
          ? "input of node " + graphNode.id()
          : "edge " + String.join(" + ", graphNode.upstreamIds()) + " -> " + graphNode.id();
      // A source converter that cannot take the input is not fixed by one more in front of
      // it (AudioResample cannot take 3 Hz either); its parameters or the audio are.
      String fix = !graphNode.isSource()
          ? "insert an AudioResample, ChannelMap or AudioFormatConverter node on this edge"
          : CONVERTERS.contains(graphNode.nodeType())
              ? "send audio in a format it takes, or change its parameters"
              : "send audio in a format it takes, or put an AudioResample, ChannelMap or"
                  + " AudioFormatConverter node first";
      throw PipelineException.builder(ErrorKind.VALIDATION,
              edge + ": " + graphNode.nodeType() + " \"" + graphNode.id() + "\" cannot take "
                  + input + ": " + e.reason() + "; " + fix)
          .nodeId(graphNode.id())
          .location(locationOf(graph, graphNode))
          .context(Map.of("edge", edge, "actual_format", input.toString()))
          .cause(e)
          .build();
    }
  }

  /** {@return where {@code node} is in its manifest: its entry in {@code nodes}} */
  static ManifestLocation locationOf(PipelineGraph graph, GraphNode node) {
    int index = graph.manifest().nodes().stream().map(spec -> spec.id()).toList()
        .indexOf(node.id());
    return graph.manifest().locate("nodes[" + index + "]");
  }
}
