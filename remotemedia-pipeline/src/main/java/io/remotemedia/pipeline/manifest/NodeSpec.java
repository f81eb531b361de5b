package io.remotemedia.pipeline.manifest;

import java.util.Map;
import java.util.Objects;

/**
 * One node of a manifest: its id, its type name and its raw parameters as the document gave
 * them. A node factory turns the parameters into the node's typed configuration.
 *
 * @param id the node id, unique in the manifest; a pipeline refuses one longer than {@link
 *     #MAX_ID_CHARS} when it is compiled
 * @param nodeType the type name, for example {@code Gain}
 * @param params parameters by snake_case name; values are {@code String}, {@code Double},
 *     {@code Boolean}, {@code List}, {@code Map} or null, as in JSON. Copied, unmodifiable.
 */
public record NodeSpec(String id, String nodeType, Map<String, Object> params) {
  /**
   * The longest node id a pipeline takes, in characters ({@code max_node_id_chars}). An id names
   * the node's output in results and goes into every log line that lists the nodes, so it is
   * bounded like a name, not like a document.
   */
  public static final int MAX_ID_CHARS = 128;

  /**
   * Validates the node and copies {@code params}.
   *
   * @param id the node id, unique in the manifest
   * @param nodeType the type name, for example {@code Gain}
   * @param params parameters by snake_case name; values are {@code String}, {@code Double}, {@code
   *     Boolean}, {@code List}, {@code Map} or null, as in JSON. Copied, unmodifiable.
   * @throws NullPointerException if a component is null
   */
  public NodeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeType, "nodeType");
    params = JsonValues.immutableObject(params);
  }

  /**
   * {@return a node with no parameters}
   *
   * @param id the node's id, unique in its manifest
   * @param nodeType the registered type name, such as {@code Gain}
   */
  public static NodeSpec of(String id, String nodeType) {
    return new NodeSpec(id, nodeType, Map.of());
  }
}
