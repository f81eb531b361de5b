package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a manifest back out as JSON or YAML. What it writes parses back to an equal manifest.
 *
 * <pre>{@code
 * String json = ManifestWriter.toJson(manifest);
 * assert new ManifestParser().parse(json).equals(manifest);
 * }</pre>
 */
public final class ManifestWriter {
  private ManifestWriter() {}

  /**
   * {@return the manifest as indented JSON, in the documented field order}
   *
   * @param manifest the manifest to write
   */
  public static String toJson(PipelineManifest manifest) {
    return JsonText.write(toTree(manifest));
  }

  /**
   * {@return the manifest as block-style YAML}
   *
   * @param manifest the manifest to write
   */
  public static String toYaml(PipelineManifest manifest) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(toTree(manifest));
  }

  /**
   * {@return the manifest as plain maps and lists, as its JSON document holds it}
   *
   * @param manifest the manifest to write
   */
  public static Map<String, Object> toTree(PipelineManifest manifest) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("version", manifest.version());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", manifest.metadata().name());
    metadata.put("description", manifest.metadata().description());
    tree.put("metadata", metadata);
    List<Object> nodes = new ArrayList<>();
    for (NodeSpec node : manifest.nodes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", node.id());
      item.put("node_type", node.nodeType());
      item.put("params", node.params());
      nodes.add(item);
    }
    tree.put("nodes", nodes);
    List<Object> connections = new ArrayList<>();
    for (ConnectionSpec connection : manifest.connections()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("from", connection.from());
      item.put("to", connection.to());
      connections.add(item);
    }
    tree.put("connections", connections);
    return tree;
  }
}
