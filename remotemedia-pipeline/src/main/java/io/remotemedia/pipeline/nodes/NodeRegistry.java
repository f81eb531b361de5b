package io.remotemedia.pipeline.nodes;

import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.ClientText;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.pipeline.internal.InvisibleCharacters;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The node types a runner knows, by type name.
 *
 * <pre>{@code
 * NodeRegistry registry = NodeRegistry.standard(); // built-ins plus ServiceLoader extensions
 * NodeFactory gain = registry.find("Gain").orElseThrow();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeRegistry {
  private final Map<String, NodeFactory> factories;

  private NodeRegistry(Map<String, NodeFactory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /**
   * {@return the built-in node types plus every {@link NodeFactory} that {@link ServiceLoader}
   * finds on the class path of this class's loader}
   *
   * @throws IllegalStateException if two factories claim the same type name
   */
  public static NodeRegistry standard() {
    List<NodeFactory> all = new ArrayList<>(BuiltInNodes.factories());
    ServiceLoader.load(NodeFactory.class, NodeRegistry.class.getClassLoader()).forEach(all::add);
    return of(all);
  }

  /**
   * {@return a registry of exactly these factories}
   *
   * @param factories the node factories; each must claim a different type name
   * @throws IllegalStateException if two factories claim the same type name
   */
  public static NodeRegistry of(List<? extends NodeFactory> factories) {
    Map<String, NodeFactory> byType = new TreeMap<>();
    for (NodeFactory factory : factories) {
      NodeFactory previous = byType.putIfAbsent(factory.nodeType(), factory);
      if (previous != null) {
        throw new IllegalStateException("node type \"" + factory.nodeType()
            + "\" is registered twice: by " + previous.getClass().getName() + " and by "
            + factory.getClass().getName());
      }
    }
    return new NodeRegistry(byType);
  }

  /**
   * {@return the factory for {@code nodeType}, if there is one}
   *
   * @param nodeType a type name, such as {@code Gain}
   */
  public Optional<NodeFactory> find(String nodeType) {
    return Optional.ofNullable(factories.get(nodeType));
  }

  /**
   * {@return the factory for {@code nodeType}}
   *
   * @param nodeType a type name, such as {@code Gain}
   * @param location where the manifest names the type, for the error
   * @throws PipelineException of kind VALIDATION at {@code location} naming the available
   *     types and the closest match
   */
  public NodeFactory require(String nodeType, ManifestLocation location) {
    NodeFactory factory = factories.get(nodeType);
    if (factory == null) {
      throw PipelineException.invalidManifest(location, "unknown node type \""
          + ClientText.shortened(nodeType) + "\""
          + InvisibleCharacters.note(nodeType) + ClosestMatch.hint(nodeType, factories.keySet())
          + "; available: "
          + String.join(", ", factories.keySet()));
    }
    return factory;
  }

  /** {@return every factory, sorted by type name} */
  public List<NodeFactory> factories() {
    return List.copyOf(factories.values());
  }
}
