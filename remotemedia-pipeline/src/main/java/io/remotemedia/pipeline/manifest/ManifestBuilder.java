package io.remotemedia.pipeline.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link PipelineManifest} in code. Typed node specs for the built-in types come from
 * {@code io.remotemedia.pipeline.nodes.NodeSpecs}.
 *
 * <pre>{@code
 * PipelineManifest manifest = ManifestBuilder.named("voice")
 *     .description("16 kHz mono for speech models")
 *     .chain(NodeSpecs.resample("resample", 16000),
 *            NodeSpecs.downmixToMono("mono"))
 *     .build();
 * }</pre>
 *
 * <p>The builder checks structure only; node types, parameters and connections are validated
 * when the manifest is compiled, exactly as for a parsed one. Not thread-safe.
 */
public final class ManifestBuilder {
  private final String name;
  private String description = "";
  private final List<NodeSpec> nodes = new ArrayList<>();
  private final List<ConnectionSpec> connections = new ArrayList<>();

  private ManifestBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Starts a v1 manifest with a name for logs.
   *
   * @param name the manifest's name, shown in logs and errors
   * @return a new builder with no nodes
   */
  public static ManifestBuilder named(String name) {
    return new ManifestBuilder(name);
  }

  /**
   * Sets the free-text description.
   *
   * @param text the description; not null
   * @return this builder
   */
  public ManifestBuilder description(String text) {
    this.description = Objects.requireNonNull(text, "description");
    return this;
  }

  /**
   * Adds a node with no connections.
   *
   * @param node the node; its id must be unique in the manifest, which compiling checks
   * @return this builder
   */
  public ManifestBuilder node(NodeSpec node) {
    nodes.add(Objects.requireNonNull(node, "node"));
    return this;
  }

  /**
   * Adds a node fed by the node added last.
   *
   * @param node the node to add after the last one
   * @return this builder
   * @throws IllegalStateException if no node was added before
   */
  public ManifestBuilder then(NodeSpec node) {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("then() needs a node before it; start with node()");
    }
    String from = nodes.get(nodes.size() - 1).id();
    node(node);
    return connect(from, node.id());
  }

  /**
   * Adds nodes, each fed by the one before it.
   *
   * @param first the first node, fed by nothing added before it
   * @param rest the further nodes, in order
   * @return this builder
   */
  public ManifestBuilder chain(NodeSpec first, NodeSpec... rest) {
    node(first);
    for (NodeSpec node : rest) {
      then(node);
    }
    return this;
  }

  /**
   * Connects the output of {@code from} to the input of {@code to}.
   *
   * @param from the id of the upstream node
   * @param to the id of the downstream node
   * @return this builder
   */
  public ManifestBuilder connect(String from, String to) {
    connections.add(new ConnectionSpec(from, to));
    return this;
  }

  /** {@return the manifest} */
  public PipelineManifest build() {
    return new PipelineManifest(PipelineManifest.VERSION_V1,
        new ManifestMetadata(name, description), nodes, connections);
  }
}
