package io.remotemedia.pipeline.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A RemoteMedia v1 manifest: the nodes of a pipeline and the connections between them.
 * Immutable. Build one with {@link ManifestParser} from JSON or YAML, or directly:
 *
 * <pre>{@code
 * PipelineManifest manifest = new PipelineManifest("v1", new ManifestMetadata("louder", ""),
 *     List.of(new NodeSpec("gain", "Gain", Map.of("gain_db", 6.0))), List.of());
 * }</pre>
 *
 * <p>A parsed manifest also remembers where each value stood in its source text ({@link
 * #locate}); that is not part of equality.
 */
public final class PipelineManifest {
  /** The only manifest version this release reads. */
  public static final String VERSION_V1 = "v1";

  private final String version;
  private final ManifestMetadata metadata;
  private final List<NodeSpec> nodes;
  private final List<ConnectionSpec> connections;
  private final SourceMap sourceMap;

  /**
   * Creates a manifest with no source positions.
   *
   * @param version the schema version; {@value #VERSION_V1} is the one that compiles
   * @param metadata the name and description
   * @param nodes the nodes in document order; copied
   * @param connections the connections in document order; copied
   */
  public PipelineManifest(
      String version,
      ManifestMetadata metadata,
      List<NodeSpec> nodes,
      List<ConnectionSpec> connections) {
    this(version, metadata, nodes, connections, SourceMap.EMPTY);
  }

  PipelineManifest(
      String version,
      ManifestMetadata metadata,
      List<NodeSpec> nodes,
      List<ConnectionSpec> connections,
      SourceMap sourceMap) {
    this.version = Objects.requireNonNull(version, "version");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.nodes = List.copyOf(nodes);
    this.connections = List.copyOf(connections);
    this.sourceMap = sourceMap;
  }

  /** {@return the schema version, {@code "v1"} for a valid manifest} */
  public String version() {
    return version;
  }

  /**
   * Returns the manifest's name and description.
   *
   * @return the metadata; {@link ManifestMetadata#EMPTY} when the manifest has none
   */
  public ManifestMetadata metadata() {
    return metadata;
  }

  /** {@return the nodes in document order} */
  public List<NodeSpec> nodes() {
    return nodes;
  }

  /** {@return the connections in document order} */
  public List<ConnectionSpec> connections() {
    return connections;
  }

  /** Returns where values stood in the source text; empty for a manifest built in code. */
  SourceMap sourceMap() {
    return sourceMap;
  }

  /**
   * {@return the location of {@code path}, with its line and column when they are known}
   *
   * @param path the dotted path of a value, for example {@code nodes[2].params.gain_db}
   */
  public ManifestLocation locate(String path) {
    return sourceMap.locate(path);
  }

  /**
   * {@return the location of the key of the field at {@code path}, with its line and column
   * when they are known}: where an error about the field itself, such as an unknown parameter,
   * is placed. A path that is no object's field is located as {@link #locate} locates it.
   *
   * @param path the dotted path of a field's value, for example {@code nodes[2].params.gain}
   */
  public ManifestLocation locateKey(String path) {
    return sourceMap.locateKey(path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineManifest other
        && version.equals(other.version)
        && metadata.equals(other.metadata)
        && nodes.equals(other.nodes)
        && connections.equals(other.connections);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, metadata, nodes, connections);
  }

  @Override
  public String toString() {
    return "PipelineManifest{version=" + version + ", name=" + metadata.name() + ", nodes="
        + nodes + ", connections=" + connections + "}";
  }
}
