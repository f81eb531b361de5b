package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

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
    // A string YAML cannot hold as text is escaped ("\x7F"), not written as a !!binary tag.
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    String yaml =
        new Yaml(new LineBreakQuotingRepresenter(options), options).dump(toTree(manifest));
    // snakeyaml escapes no U+FEFF; each is in double quotes (the representer's), so escape it.
    return yaml.replace("\uFEFF", "\\uFEFF");
  }

  /**
   * Writes a string that holds a character YAML reads as a line break (U+0085, U+2028, U+2029)
   * or a byte order mark (U+FEFF) in double quotes, where it is escaped: snakeyaml wrote U+0085
   * raw in a block, which reads back as "\n", and U+FEFF raw, which YAML allows only as the
   * first character of the text.
   */
  private static final class LineBreakQuotingRepresenter extends Representer {
    LineBreakQuotingRepresenter(DumperOptions options) {
      super(options);
      Represent strings = representers.get(String.class);
      representers.put(String.class, data -> {
        String text = data.toString();
        return text.chars().anyMatch(c -> c == 0x85 || c == 0x2028 || c == 0x2029
            || c == 0xFEFF)
            ? representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
            : strings.representData(data);
      });
    }
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
