package io.remotemedia.server.config;

import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A configuration file flattened to dotted keys ({@code server.port}), each value with its
 * line and column. Only composes the YAML node tree (no object construction, no tags), so the
 * file cannot instantiate anything.
 */
final class YamlConfigFile {
  /** Configuration files are small; anything bigger is a mistake, in bytes. */
  static final int MAX_CHARS = 1 << 20;

  private final Map<String, RawValue> values = new LinkedHashMap<>();
  /** Each key, sections' too, where it is in the file: what an unknown key's problem names. */
  private final Map<String, String> keySubjects = new LinkedHashMap<>();
  private final List<ConfigProblem> problems = new ArrayList<>();

  private YamlConfigFile() {}

  /** Reads {@code file}; problems (unreadable, bad YAML, duplicate keys) are collected. */
  static YamlConfigFile read(Path file) {
    YamlConfigFile result = new YamlConfigFile();
    String text;
    try {
      if (Files.size(file) > MAX_CHARS) {
        result.problems.add(new ConfigProblem(file.toString(),
            "longer than " + MAX_CHARS + " bytes; this is not a configuration file"));
        return result;
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      result.problems.add(new ConfigProblem(file.toString(),
          "cannot read the configuration file: " + FileAccessFailure.reason(e)));
      return result;
    }
    result.parse(new StringReader(text));
    return result;
  }

  Map<String, RawValue> values() {
    return values;
  }

  /**
   * {@return each key of {@link #values()}, and each section's (such as {@code
   * quotas.clients.NAME}), with its own line and column (not its value's)}
   */
  Map<String, String> keySubjects() {
    return keySubjects;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  private void parse(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setNestingDepthLimit(16);
    options.setMaxAliasesForCollections(8);
    options.setAllowDuplicateKeys(false);
    Node root;
    try {
      root = new Yaml(new SafeConstructor(options)).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(new ConfigProblem(mark == null ? "file" : position(mark),
          "not valid YAML: " + oneLine(e.getProblem())));
      return;
    } catch (YAMLException e) {
      problems.add(new ConfigProblem("file", "not valid YAML: " + oneLine(e.getMessage())));
      return;
    }
    if (root == null) {
      return; // An empty file: every setting keeps its default.
    }
    if (!(root instanceof MappingNode mapping)) {
      problems.add(new ConfigProblem(position(root.getStartMark()),
          "expected a mapping of sections such as \"server:\" at the top level"));
      return;
    }
    flatten("", mapping);
  }

  private void flatten(String prefix, MappingNode mapping) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        problems.add(new ConfigProblem(position(tuple.getKeyNode().getStartMark()),
            "keys must be plain names"));
        continue;
      }
      String key = prefix + keyNode.getValue();
      Node value = tuple.getValueNode();
      if (values.containsKey(key)) {
        problems.add(new ConfigProblem(located(key, keyNode), "duplicate key"));
        continue;
      }
      if (value instanceof MappingNode nested) {
        keySubjects.put(key, located(key, keyNode));
        flatten(key + ".", nested);
        continue;
      }
      keySubjects.put(key, located(key, keyNode));
      if (value instanceof SequenceNode sequence) {
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          if (item instanceof ScalarNode scalar) {
            items.add(scalar.getValue());
          } else {
            problems.add(new ConfigProblem(located(key, item), "list items must be plain values"));
          }
        }
        values.put(key, RawValue.list(items, RawValue.Origin.FILE, located(key, value)));
      } else {
        ScalarNode scalar = (ScalarNode) value;
        values.put(key, RawValue.scalar(scalar.getValue(), RawValue.Origin.FILE,
            located(key, value)));
      }
    }
  }

  private static String located(String key, Node node) {
    return key + " (" + position(node.getStartMark()) + ")";
  }

  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}
