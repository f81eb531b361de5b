package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.ClientText;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.pipeline.internal.InvisibleCharacters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** One pass over a composed document; records positions as it goes. */
final class ManifestTreeReader {
  private static final Set<String> CONNECTION_KEYS = Set.of("from", "to");

  private static final Set<String> NODE_KEYS = Set.of("id", "node_type", "params");

  private static final Set<String> METADATA_KEYS = Set.of("name", "description");

  /**
   * The longest path whose place is recorded: far longer than any a person writes, and short
   * enough that recording every value's costs a few hundred bytes a value at most.
   */
  private static final int MAX_RECORDED_PATH_CHARS = 256;

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("version", "metadata", "nodes", "connections");

  private final ManifestValueConstructor constructor;
  private final Map<String, int[]> positions = new HashMap<>();
  private final Map<String, int[]> keyPositions = new HashMap<>();
  // The lists and objects being read, outermost first: an alias to one of them is a cycle.
  private final Set<Node> reading = Collections.newSetFromMap(new IdentityHashMap<>());
  // The objects whose merge keys are being read: a merge of one of them is a cycle.
  private final Set<Node> merging = Collections.newSetFromMap(new IdentityHashMap<>());

  ManifestTreeReader(ManifestValueConstructor constructor) {
    this.constructor = constructor;
  }

  PipelineManifest manifest(Node rootNode) {
    ValuePath root = ValuePath.ROOT;
    Map<String, NodeTuple> top = object(rootNode, root);
    checkKeys(top, root, TOP_LEVEL_KEYS);
    String version = requiredString(top, root, "version");
    ManifestMetadata metadata = ManifestMetadata.EMPTY;
    Node metadataNode = valueOf(top, "metadata");
    if (metadataNode != null) {
      ValuePath path = root.key("metadata");
      Map<String, NodeTuple> meta = object(metadataNode, path);
      checkKeys(meta, path, METADATA_KEYS);
      metadata = new ManifestMetadata(
          optionalString(meta, path, "name"), optionalString(meta, path, "description"));
    }
    List<NodeSpec> nodes = new ArrayList<>();
    Node nodesNode = valueOf(top, "nodes");
    if (nodesNode == null) {
      throw error(root, rootNode, "missing required field \"nodes\"");
    }
    List<Node> nodeItems = array(nodesNode, root.key("nodes"));
    for (int i = 0; i < nodeItems.size(); i++) {
      nodes.add(node(nodeItems.get(i), root.key("nodes").index(i)));
    }
    List<ConnectionSpec> connections = new ArrayList<>();
    Node connectionsNode = valueOf(top, "connections");
    if (connectionsNode != null) {
      List<Node> items = array(connectionsNode, root.key("connections"));
      for (int i = 0; i < items.size(); i++) {
        ValuePath path = root.key("connections").index(i);
        Map<String, NodeTuple> fields = object(items.get(i), path);
        checkKeys(fields, path, CONNECTION_KEYS);
        connections.add(new ConnectionSpec(
            requiredString(fields, path, "from"), requiredString(fields, path, "to")));
      }
    }
    return new PipelineManifest(version, metadata, nodes, connections,
        new SourceMap(Map.copyOf(positions), Map.copyOf(keyPositions)));
  }

  private NodeSpec node(Node node, ValuePath path) {
    Map<String, NodeTuple> fields = object(node, path);
    checkKeys(fields, path, NODE_KEYS);
    String id = requiredString(fields, path, "id");
    String type = requiredString(fields, path, "node_type");
    Map<String, Object> params = Map.of();
    Node paramsNode = valueOf(fields, "params");
    if (paramsNode != null) {
      Object value = value(paramsNode, path.key("params"));
      if (!(value instanceof Map)) {
        throw error(path.key("params"), paramsNode,
            "expected an object of parameters, found " + describe(paramsNode));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      params = map;
    }
    return new NodeSpec(id, type, params);
  }

  private Object value(Node node, ValuePath path) {
    record(path, node);
    if (node instanceof MappingNode || node instanceof SequenceNode) {
      if (!reading.add(node)) {
        throw error(path, node, "an alias refers to a list or object that contains it;"
            + " a value cannot contain itself");
      }
      try {
        return collection(node, path);
      } finally {
        reading.remove(node);
      }
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (isText(tag)) {
      return text(scalar, path);
    }
    if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      Object constructed;
      try {
        constructed = constructor.scalar(scalar);
      } catch (NumberFormatException e) {
        // A scalar the resolver types as a number that the constructor cannot read (under
        // snakeyaml's YAML 1.1 rules "._" was one); none is known under ManifestScalarResolver.
        throw error(path, node, "unreadable number \"" + ClientText.shortened(scalar.getValue())
            + "\"; write digits (0.5, -6, 1e3) or quote it as a string");
      }
      if (!(constructed instanceof Number number)) {
        return constructed;
      }
      double value = number.doubleValue();
      // An infinity written with digits (1e400) is a number too large for a double; YAML's
      // .inf, which has none, is one on purpose.
      if (Double.isInfinite(value) && scalar.getValue().chars().anyMatch(Character::isDigit)) {
        throw error(path, node, "the number " + ClientText.shortened(scalar.getValue())
            + " is too large: numbers are 64-bit floating point (a double), at most about"
            + " 1.8e308 either way");
      }
      return value;
    }
    throw error(path, node, "unsupported value type " + tag.getValue()
        + "; values are strings, numbers, booleans, lists, objects or null");
  }

  private Object collection(Node node, ValuePath path) {
    if (node instanceof SequenceNode sequence) {
      List<Object> result = new ArrayList<>();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        result.add(value(items.get(i), path.index(i)));
      }
      return result;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    object(node, path).forEach((key, child) ->
        result.put(key, value(child.getValueNode(), path.key(key))));
    return result;
  }

  /** {@return the object's fields by key, merged ones included, each with its key's node} */
  private Map<String, NodeTuple> object(Node node, ValuePath path) {
    record(path, node);
    if (!(node instanceof MappingNode mapping)) {
      throw error(path, node, "expected an object, found " + describe(node));
    }
    Map<String, NodeTuple> fields = new LinkedHashMap<>();
    Node merge = null;
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode key)) {
        throw error(path, keyNode, "expected a string key, found " + describe(keyNode));
      }
      text(key, path);
      ValuePath childPath = path.key(key.getValue());
      NodeTuple first = fields.get(key.getValue());
      if (first != null && first.getKeyNode() == keyNode) {
        // An alias of the first key: the composer gives it the first key's node, and so its
        // place. The value written after it is the nearest place that is known.
        throw error(childPath, tuple.getValueNode(), "duplicate key \""
            + ClientText.shortened(key.getValue()) + "\", given again by the alias "
            + ClientText.quoted("*" + keyNode.getAnchor()) + " before this value");
      }
      if (first != null || merge != null && Tag.MERGE.equals(key.getTag())) {
        throw error(childPath, keyNode, "duplicate key \""
            + ClientText.shortened(key.getValue()) + "\"");
      }
      if (Tag.MERGE.equals(key.getTag())) {
        merge = tuple.getValueNode();
        continue;
      }
      fields.put(key.getValue(), tuple);
      record(childPath, tuple);
    }
    if (merge != null) {
      merge(mapping, merge, path, fields);
    }
    return fields;
  }

  /**
   * Adds to {@code fields} what a YAML merge key ({@code <<: *defaults}) brings: the keys of its
   * object, or of each object of its list, the first such one first, that the object does not
   * give itself.
   */
  private void merge(MappingNode into, Node merge, ValuePath path,
      Map<String, NodeTuple> fields) {
    ValuePath mergePath = path.key("<<");
    List<Node> sources = merge instanceof SequenceNode list ? list.getValue() : List.of(merge);
    if (!merging.add(into)) {
      throw error(mergePath, merge, "a merge key (<<) brings in the object that holds it");
    }
    try {
      for (Node source : sources) {
        if (!(source instanceof MappingNode) || merging.contains(source)) {
          throw error(mergePath, source, source instanceof MappingNode
              ? "a merge key (<<) brings in the object that holds it"
              : "a merge key (<<) takes an object or a list of objects, found "
                  + describe(source));
        }
        object(source, mergePath).forEach((key, tuple) -> {
          if (fields.putIfAbsent(key, tuple) == null) {
            record(path.key(key), tuple);
          }
        });
      }
    } finally {
      merging.remove(into);
    }
  }

  private List<Node> array(Node node, ValuePath path) {
    record(path, node);
    if (!(node instanceof SequenceNode sequence)) {
      throw error(path, node, "expected a list, found " + describe(node));
    }
    return sequence.getValue();
  }

  /** Refuses a field not {@code allowed}, where its key is written. */
  private void checkKeys(Map<String, NodeTuple> fields, ValuePath path, Set<String> allowed) {
    fields.forEach((key, tuple) -> {
      if (!allowed.contains(key)) {
        throw error(path.key(key), tuple.getKeyNode(), "unknown field \""
            + ClientText.shortened(key) + "\""
            + InvisibleCharacters.note(key) + ClosestMatch.hint(key, allowed) + "; allowed: "
            + sorted(allowed));
      }
    });
  }

  private String requiredString(Map<String, NodeTuple> fields, ValuePath path, String key) {
    ValuePath childPath = path.key(key);
    Node node = valueOf(fields, key);
    if (node == null) {
      throw PipelineException.invalidManifest(
          locate(childPath.toString()), "missing required field \"" + key + "\"");
    }
    return string(node, childPath);
  }

  private String optionalString(Map<String, NodeTuple> fields, ValuePath path, String key) {
    Node node = valueOf(fields, key);
    return node == null ? "" : string(node, path.key(key));
  }

  /** {@return the value of the field {@code key}, or null when there is none} */
  private static Node valueOf(Map<String, NodeTuple> fields, String key) {
    NodeTuple tuple = fields.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  private String string(Node node, ValuePath path) {
    if (node instanceof ScalarNode scalar && isText(scalar.getTag())) {
      return text(scalar, path);
    }
    throw error(path, node, "expected a string, found " + describe(node));
  }

  /**
   * {@return the scalar's text}, refusing half of a surrogate pair without the other half (an
   * escape such as {@code \uD800}): it is no character, and UTF-8, in a saved manifest or a
   * call's request, turns it into '?', so the manifest would change on its way.
   */
  private String text(ScalarNode scalar, ValuePath path) {
    String value = scalar.getValue();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error(path, scalar, String.format("the text holds U+%04X, half of a surrogate"
            + " pair without the other half, which is no character and cannot be written as"
            + " UTF-8; write a character past U+FFFF as both halves, such as \\uD83D\\uDE00",
            (int) c));
      }
    }
    return value;
  }

  private ManifestLocation locate(String path) {
    return new SourceMap(positions, Map.of()).locate(path);
  }

  /**
   * Notes where the value at {@code path} is, for errors that name the path later; not for a
   * path longer than {@link #MAX_RECORDED_PATH_CHARS}, which such an error places at the nearest
   * enclosing path that is recorded.
   */
  private void record(ValuePath path, Node node) {
    if (path.length() <= MAX_RECORDED_PATH_CHARS) {
      record(positions, path.toString(), node);
    }
  }

  /** Notes where the field at {@code path} is: its value, and its key. */
  private void record(ValuePath path, NodeTuple field) {
    if (path.length() <= MAX_RECORDED_PATH_CHARS) {
      String text = path.toString();
      record(positions, text, field.getValueNode());
      record(keyPositions, text, field.getKeyNode());
    }
  }

  private static void record(Map<String, int[]> into, String path, Node node) {
    Mark mark = node.getStartMark();
    if (mark != null) {
      into.putIfAbsent(path, new int[] {mark.getLine() + 1, mark.getColumn() + 1});
    }
  }

  private PipelineException error(ValuePath path, Node node, String problem) {
    Mark mark = node.getStartMark();
    ManifestLocation location = mark == null
        ? ManifestLocation.ofPath(path.toString())
        : new ManifestLocation(path.toString(), mark.getLine() + 1, mark.getColumn() + 1);
    return PipelineException.invalidManifest(location, problem);
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "an object";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    String kind = isText(tag) ? "a string"
        : Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? "a number"
        : Tag.BOOL.equals(tag) ? "a boolean"
        : Tag.NULL.equals(tag) ? "null" : tag.getValue();
    return Tag.NULL.equals(tag) ? kind
        : kind + " (" + ClientText.shortened(scalar.getValue()) + ")";
  }

  /**
   * {@return whether a scalar of this tag is text}: a string, or a plain {@code <<}, which the
   * resolver types as a merge key wherever it is, and which is one only as a key
   */
  private static boolean isText(Tag tag) {
    return Tag.STR.equals(tag) || Tag.MERGE.equals(tag);
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
