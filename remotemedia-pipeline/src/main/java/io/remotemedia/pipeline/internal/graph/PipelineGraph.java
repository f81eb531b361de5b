package io.remotemedia.pipeline.internal.graph;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.GraphLimits;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.ClientText;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.pipeline.manifest.ConnectionSpec;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeParams;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A validated pipeline: every node type is known and its parameters are checked, every
 * connection joins existing nodes, there is no self-loop or cycle, and each node has at most
 * one input. Nodes are held in execution (topological) order. Immutable and thread-safe; it
 * creates fresh node instances for each execution.
 *
 * <pre>{@code
 * PipelineGraph graph = PipelineGraph.compile(manifest, NodeRegistry.standard());
 * for (GraphNode node : graph.executionOrder()) { ... }
 * }</pre>
 */
public final class PipelineGraph {
  private final PipelineManifest manifest;
  private final List<GraphNode> executionOrder;
  private final Map<String, GraphNode> byId;

  private PipelineGraph(PipelineManifest manifest, List<GraphNode> executionOrder) {
    this.manifest = manifest;
    this.executionOrder = List.copyOf(executionOrder);
    Map<String, GraphNode> index = new LinkedHashMap<>();
    executionOrder.forEach(node -> index.put(node.id(), node));
    this.byId = index;
  }

  /**
   * Validates {@code manifest} against {@code registry} within {@link GraphLimits#DEFAULTS}.
   *
   * @param manifest the manifest to check
   * @param registry the node types it may use
   * @return the validated graph, in execution order
   * @throws PipelineException of kind VALIDATION, located at the first problem
   */
  public static PipelineGraph compile(PipelineManifest manifest, NodeRegistry registry) {
    return compile(manifest, registry, GraphLimits.DEFAULTS);
  }

  /**
   * Validates {@code manifest} against {@code registry} within {@code limits}.
   *
   * @param manifest the manifest to check
   * @param registry the node types it may use
   * @param limits the bounds on node count and parameter size
   * @return the validated graph, in execution order
   * @throws PipelineException of kind VALIDATION, located at the first problem
   */
  public static PipelineGraph compile(
      PipelineManifest manifest, NodeRegistry registry, GraphLimits limits) {
    if (!PipelineManifest.VERSION_V1.equals(manifest.version())) {
      throw PipelineException.invalidManifest(manifest.locate("version"),
          "unsupported version \"" + ClientText.shortened(manifest.version())
              + "\"; expected \"v1\"");
    }
    List<NodeSpec> specs = manifest.nodes();
    if (specs.isEmpty()) {
      throw PipelineException.invalidManifest(manifest.locate("nodes"),
          "a pipeline needs at least one node");
    }
    if (specs.size() > limits.maxNodes()) {
      throw PipelineException.builder(ErrorKind.VALIDATION, manifest.locate("nodes").describe()
              + ": the pipeline has " + specs.size() + " nodes, over the limit of "
              + limits.maxNodes() + " (max_nodes)")
          .location(manifest.locate("nodes"))
          .limit(new LimitViolation("max_nodes", limits.maxNodes(), specs.size()))
          .build();
    }
    Map<String, Integer> indexById = new LinkedHashMap<>();
    List<NodeFactory> factories = new ArrayList<>();
    List<NodeParams> params = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      NodeSpec spec = specs.get(i);
      String path = "nodes[" + i + "]";
      if (spec.id().isBlank()) {
        throw PipelineException.invalidManifest(manifest.locate(path + ".id"),
            "node id must not be empty");
      }
      if (spec.id().length() > NodeSpec.MAX_ID_CHARS) {
        ManifestLocation where = manifest.locate(path + ".id");
        throw PipelineException.builder(ErrorKind.VALIDATION, where.describe() + ": node id \""
                + ClientText.shortened(spec.id()) + "\" is over the limit of "
                + NodeSpec.MAX_ID_CHARS + " characters (max_node_id_chars)")
            .location(where)
            .limit(new LimitViolation("max_node_id_chars", NodeSpec.MAX_ID_CHARS,
                spec.id().length()))
            .build();
      }
      int control = ClientText.firstControl(spec.id());
      if (control >= 0) {
        // Ids are printed in logs, errors and `run`'s lines, where an escape could rewrite
        // what a terminal shows (found by an attack on the CLI, 2026-12-07).
        throw PipelineException.invalidManifest(manifest.locate(path + ".id"), "node id \""
            + ClientText.shortened(spec.id()) + "\" has a control character, "
            + String.format("U+%04X", (int) spec.id().charAt(control)) + " at index " + control
            + "; ids must be printable");
      }
      Integer previous = indexById.putIfAbsent(spec.id(), i);
      if (previous != null) {
        throw PipelineException.invalidManifest(manifest.locate(path + ".id"),
            "duplicate node id \"" + ClientText.shortened(spec.id())
                + "\"; already used by nodes[" + previous + "]");
      }
      int paramValues = countValues(spec.params());
      if (paramValues > limits.maxParamValues()) {
        ManifestLocation where = manifest.locate(path + ".params");
        throw PipelineException.builder(ErrorKind.VALIDATION, where.describe() + ": params hold "
                + paramValues + " values, over the limit of " + limits.maxParamValues()
                + " (max_param_values)")
            .location(where)
            .nodeId(spec.id())
            .limit(new LimitViolation("max_param_values", limits.maxParamValues(), paramValues))
            .build();
      }
      NodeFactory factory;
      NodeParams nodeParams;
      try {
        factory = registry.require(spec.nodeType(), manifest.locate(path + ".node_type"));
        nodeParams = new NodeParams(manifest, i, factory.parameters());
        // Building one instance checks every parameter now, before any audio flows.
        factory.create(nodeParams);
      } catch (PipelineException e) {
        throw attributedTo(spec.id(), e);
      }
      factories.add(factory);
      params.add(nodeParams);
    }

    Map<String, List<String>> upstream = new LinkedHashMap<>();
    Map<String, List<String>> downstream = new HashMap<>();
    Map<String, Integer> lastConnection = new HashMap<>();
    List<ConnectionSpec> connections = manifest.connections();
    for (int i = 0; i < connections.size(); i++) {
      ConnectionSpec connection = connections.get(i);
      String path = "connections[" + i + "]";
      requireNode(manifest, indexById, connection.from(), path + ".from");
      requireNode(manifest, indexById, connection.to(), path + ".to");
      if (connection.from().equals(connection.to())) {
        throw PipelineException.invalidManifest(manifest.locate(path),
            "node \"" + ClientText.shortened(connection.from()) + "\" is connected to itself");
      }
      List<String> inputs = upstream.computeIfAbsent(connection.to(), id -> new ArrayList<>());
      if (inputs.contains(connection.from())) {
        throw PipelineException.invalidManifest(manifest.locate(path),
            "duplicate connection " + ClientText.shortened(connection.from()) + " -> "
                + ClientText.shortened(connection.to()));
      }
      inputs.add(connection.from());
      lastConnection.put(connection.to(), i);
      downstream.computeIfAbsent(connection.from(), id -> new ArrayList<>())
          .add(connection.to());
    }
    for (Map.Entry<String, List<String>> entry : upstream.entrySet()) {
      int index = indexById.get(entry.getKey());
      int declared = factories.get(index).inputCount(params.get(index));
      int actual = entry.getValue().size();
      if (actual != declared) {
        String where = "connections[" + lastConnection.get(entry.getKey()) + "].to";
        throw PipelineException.invalidManifest(manifest.locate(where),
            declared == 1
                ? "node \"" + ClientText.shortened(entry.getKey()) + "\" ("
                    + ClientText.shortened(specs.get(index).nodeType())
                    + ") takes one input, but " + actual + " connections lead into it (from "
                    + shortened(entry.getValue()) + "); join branches with a Mix node"
                : "node \"" + ClientText.shortened(entry.getKey()) + "\" ("
                    + ClientText.shortened(specs.get(index).nodeType())
                    + ") takes " + declared + " inputs, but " + actual
                    + " connections lead into it (from " + shortened(entry.getValue())
                    + ")");
      }
    }
    for (int index = 0; index < specs.size(); index++) {
      String id = specs.get(index).id();
      int declared = factories.get(index).inputCount(params.get(index));
      if (declared > 1 && !upstream.containsKey(id)) {
        throw PipelineException.invalidManifest(manifest.locate("nodes[" + index + "]"),
            "node \"" + ClientText.shortened(id) + "\" ("
                + ClientText.shortened(specs.get(index).nodeType()) + ") takes " + declared
                + " inputs, but no connection leads into it");
      }
    }
    rejectCycles(manifest, indexById.keySet(), downstream);

    // Kahn's algorithm: a node is ready once every node feeding it is placed.
    Map<String, Integer> waiting = new HashMap<>();
    upstream.forEach((id, inputs) -> waiting.put(id, inputs.size()));
    List<GraphNode> order = new ArrayList<>();
    Deque<String> ready = new ArrayDeque<>();
    indexById.keySet().stream().filter(id -> !upstream.containsKey(id)).forEach(ready::add);
    while (!ready.isEmpty()) {
      String id = ready.removeFirst();
      int index = indexById.get(id);
      List<String> next = downstream.getOrDefault(id, List.of());
      order.add(new GraphNode(id, specs.get(index).nodeType(),
          upstream.getOrDefault(id, List.of()), next, factories.get(index), params.get(index)));
      for (String child : next) {
        if (waiting.merge(child, -1, Integer::sum) == 0) {
          ready.addLast(child);
        }
      }
    }
    return new PipelineGraph(manifest, order);
  }

  /** {@return the manifest this graph was compiled from} */
  public PipelineManifest manifest() {
    return manifest;
  }

  /** {@return the nodes in execution order: every node after the node that feeds it} */
  public List<GraphNode> executionOrder() {
    return executionOrder;
  }

  /** {@return the source nodes (no input connection), in execution order} */
  public List<GraphNode> sources() {
    return executionOrder.stream().filter(GraphNode::isSource).toList();
  }

  /** {@return the sink nodes (no output connection), in execution order} */
  public List<GraphNode> sinks() {
    return executionOrder.stream().filter(GraphNode::isSink).toList();
  }

  /**
   * {@return the node with {@code id}, or null}
   *
   * @param id a node id of the manifest
   */
  public GraphNode node(String id) {
    return byId.get(id);
  }

  /**
   * {@return {@code e} with {@code nodeId} as its failing node, unless it names one already} Node
   * types and parameter checks (custom node types' too) locate their failures in the manifest
   * but do not know the node's id.
   */
  private static PipelineException attributedTo(String nodeId, PipelineException e) {
    if (e.nodeId().isPresent()) {
      return e;
    }
    PipelineException attributed = PipelineException.builder(e.kind(), e.getMessage())
        .nodeId(nodeId)
        .location(e.location().orElse(null))
        .limit(e.limit().orElse(null))
        .retryAfterMs(e.retryAfterMs())
        .context(e.context())
        .cause(e.getCause())
        .build();
    attributed.setStackTrace(e.getStackTrace());
    return attributed;
  }

  private static int countValues(Object value) {
    if (value instanceof Map<?, ?> map) {
      int count = 1;
      for (Object item : map.values()) {
        count += countValues(item);
      }
      return count;
    }
    if (value instanceof List<?> list) {
      int count = 1;
      for (Object item : list) {
        count += countValues(item);
      }
      return count;
    }
    return 1;
  }

  private static void requireNode(
      PipelineManifest manifest, Map<String, Integer> ids, String id, String path) {
    if (!ids.containsKey(id)) {
      throw PipelineException.invalidManifest(manifest.locate(path),
          "unknown node \"" + ClientText.shortened(id) + "\"" + ClosestMatch.hint(id, ids.keySet())
              + "; nodes: " + shortened(ids.keySet()));
    }
  }

  /** Depth-first search over the connections; a back edge closes a cycle, reported as a path. */
  private static void rejectCycles(
      PipelineManifest manifest, Iterable<String> ids, Map<String, List<String>> downstream) {
    Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
    for (String start : ids) {
      if (!state.containsKey(start)) {
        List<String> path = new ArrayList<>();
        visit(manifest, start, downstream, state, path);
      }
    }
  }

  private static void visit(PipelineManifest manifest, String id,
      Map<String, List<String>> downstream, Map<String, Integer> state, List<String> path) {
    state.put(id, 1);
    path.add(id);
    for (String next : downstream.getOrDefault(id, List.of())) {
      Integer seen = state.get(next);
      if (seen == null) {
        visit(manifest, next, downstream, state, path);
      } else if (seen == 1) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
        cycle.add(next);
        throw PipelineException.invalidManifest(manifest.locate("connections"),
            "connections form a cycle: " + cycle.stream().map(ClientText::shortened)
                .collect(Collectors.joining(" -> ")));
      }
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
  }

  /** {@return the node ids, each {@linkplain ClientText#shortened shortened}, by commas} */
  private static String shortened(Collection<String> ids) {
    return ids.stream().map(ClientText::shortened).collect(Collectors.joining(", "));
  }

}
