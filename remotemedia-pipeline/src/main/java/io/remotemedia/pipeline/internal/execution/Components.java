package io.remotemedia.pipeline.internal.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits a plan into connected components: parts of the graph that share no node. */
final class Components {
  private Components() {}

  /** Returns the components, each in execution order, ordered by their first node. */
  static List<List<PlannedNode>> of(ExecutionPlan plan) {
    Map<PlannedNode, PlannedNode> parent = new HashMap<>();
    plan.order.forEach(node -> parent.put(node, node));
    for (PlannedNode node : plan.order) {
      for (PlannedNode up : node.upstreams) {
        parent.put(root(parent, node), root(parent, up));
      }
    }
    Map<PlannedNode, List<PlannedNode>> byRoot = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      byRoot.computeIfAbsent(root(parent, node), r -> new ArrayList<>()).add(node);
    }
    return List.copyOf(byRoot.values());
  }

  private static PlannedNode root(Map<PlannedNode, PlannedNode> parent, PlannedNode node) {
    PlannedNode current = node;
    while (parent.get(current) != current) {
      current = parent.get(current);
    }
    return current;
  }
}
