package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.ClosestMatch;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
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
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a RemoteMedia v1 manifest from JSON or YAML text (JSON is read as YAML 1.1).
 *
 * <pre>{@code
 * PipelineManifest manifest = new ManifestParser().parse(Path.of("pipeline.yaml"));
 * }</pre>
 *
 * <p>Every error is a {@link PipelineException} of kind VALIDATION whose location names the
 * path, line and column of the problem and whose message says what was expected and what was
 * found. The parser only builds plain values (snakeyaml's safe constructor, no custom tags),
 * rejects duplicate keys, and bounds the document's size, nesting depth, alias count and value
 * count, so hostile input cannot hang it or exhaust memory.
 *
 * <p>Structure only: whether node types, parameters and connections make sense is checked when
 * the manifest is compiled into a graph. Instances are immutable and thread-safe.
 */
public final class ManifestParser {
  /** The default size limit of a manifest document, in characters (code points). */
  public static final int DEFAULT_MAX_DOCUMENT_CHARS = 1 << 20;
  /** The default limit on how deeply collections nest. */
  public static final int MAX_NESTING_DEPTH = 32;
  /** The default limit on scalar and collection values in one document. */
  public static final int MAX_VALUES = 100_000;

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("version", "metadata", "nodes", "connections");
  private static final Set<String> METADATA_KEYS = Set.of("name", "description");
  private static final Set<String> NODE_KEYS = Set.of("id", "node_type", "params");
  private static final Set<String> CONNECTION_KEYS = Set.of("from", "to");

  private final int maxDocumentChars;

  /** A parser with the default limits. */
  public ManifestParser() {
    this(DEFAULT_MAX_DOCUMENT_CHARS);
  }

  /**
   * A parser that refuses documents longer than {@code maxDocumentChars} code points.
   *
   * @throws IllegalArgumentException if the limit is not positive
   */
  public ManifestParser(int maxDocumentChars) {
    if (maxDocumentChars < 1) {
      throw new IllegalArgumentException(
          "maxDocumentChars must be positive, was " + maxDocumentChars);
    }
    this.maxDocumentChars = maxDocumentChars;
  }

  /** Parses manifest text. */
  public PipelineManifest parse(String text) {
    return parse(new StringReader(text));
  }

  /** Parses a UTF-8 manifest file. */
  public PipelineManifest parse(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader);
    }
  }

  /** Parses a UTF-8 manifest stream; the caller closes it. */
  public PipelineManifest parse(InputStream stream) {
    return parse(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }

  /** Parses manifest text from a reader; the caller closes it. */
  public PipelineManifest parse(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    // Our own LimitedReader enforces the size: snakeyaml's code point limit skips comments.
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setMaxAliasesForCollections(16);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    ValueConstructor constructor = new ValueConstructor(options);
    Yaml yaml = new Yaml(constructor, new Representer(new DumperOptions()),
        new DumperOptions(), options);
    Node root;
    try {
      root = yaml.compose(new LimitedReader(reader, maxDocumentChars));
    } catch (DocumentTooLargeException e) {
      throw PipelineException.builder(ErrorKind.VALIDATION,
              "manifest: the document is longer than the limit of " + maxDocumentChars
                  + " characters")
          .location(ManifestLocation.ofPath(""))
          .limit(new LimitViolation("max_manifest_chars", maxDocumentChars, e.charsRead))
          .build();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      ManifestLocation location = mark == null
          ? ManifestLocation.ofPath("")
          : new ManifestLocation("", mark.getLine() + 1, mark.getColumn() + 1);
      throw PipelineException.builder(
              ErrorKind.VALIDATION,
              location.describe() + ": not valid JSON or YAML: " + oneLine(e.getProblem()))
          .location(location)
          .cause(e)
          .build();
    } catch (YAMLException e) {
      // Limits that snakeyaml checks without a position (document size, alias count).
      throw PipelineException.builder(
              ErrorKind.VALIDATION,
              "manifest: rejected: " + oneLine(e.getMessage()))
          .location(ManifestLocation.ofPath(""))
          .cause(e)
          .build();
    }
    if (root == null) {
      throw PipelineException.invalidManifest(
          ManifestLocation.ofPath(""), "the document is empty; expected a manifest object");
    }
    return new Reading(constructor).manifest(root);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  /** Thrown by {@link LimitedReader} past the limit; caught in {@link #parse(Reader)}. */
  private static final class DocumentTooLargeException extends RuntimeException {
    final long charsRead;

    DocumentTooLargeException(long charsRead) {
      super(null, null, false, false);
      this.charsRead = charsRead;
    }
  }

  /** Counts characters as snakeyaml reads them and stops past the limit. */
  private static final class LimitedReader extends FilterReader {
    private final int limit;
    private long count;

    LimitedReader(Reader in, int limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limit) {
        throw new DocumentTooLargeException(count);
      }
    }
  }

  /** Exposes snakeyaml's safe scalar construction (YAML 1.1 ints, floats, booleans, nulls). */
  private static final class ValueConstructor extends SafeConstructor {
    ValueConstructor(LoaderOptions options) {
      super(options);
    }

    Object scalar(ScalarNode node) {
      return constructObject(node);
    }
  }

  /** One pass over a composed document; records positions as it goes. */
  private static final class Reading {
    private final ValueConstructor constructor;
    private final Map<String, int[]> positions = new HashMap<>();
    private int values;

    Reading(ValueConstructor constructor) {
      this.constructor = constructor;
    }

    PipelineManifest manifest(Node root) {
      Map<String, Node> top = object(root, "");
      checkKeys(top, "", TOP_LEVEL_KEYS);
      String version = requiredString(top, "", "version");
      ManifestMetadata metadata = ManifestMetadata.EMPTY;
      Node metadataNode = top.get("metadata");
      if (metadataNode != null) {
        Map<String, Node> meta = object(metadataNode, "metadata");
        checkKeys(meta, "metadata", METADATA_KEYS);
        metadata = new ManifestMetadata(
            optionalString(meta, "metadata", "name"),
            optionalString(meta, "metadata", "description"));
      }
      List<NodeSpec> nodes = new ArrayList<>();
      Node nodesNode = top.get("nodes");
      if (nodesNode == null) {
        throw error("", root, "missing required field \"nodes\"");
      }
      List<Node> nodeItems = array(nodesNode, "nodes");
      for (int i = 0; i < nodeItems.size(); i++) {
        nodes.add(node(nodeItems.get(i), "nodes[" + i + "]"));
      }
      List<ConnectionSpec> connections = new ArrayList<>();
      Node connectionsNode = top.get("connections");
      if (connectionsNode != null) {
        List<Node> items = array(connectionsNode, "connections");
        for (int i = 0; i < items.size(); i++) {
          String path = "connections[" + i + "]";
          Map<String, Node> fields = object(items.get(i), path);
          checkKeys(fields, path, CONNECTION_KEYS);
          connections.add(new ConnectionSpec(
              requiredString(fields, path, "from"), requiredString(fields, path, "to")));
        }
      }
      return new PipelineManifest(
          version, metadata, nodes, connections, new SourceMap(Map.copyOf(positions)));
    }

    private NodeSpec node(Node node, String path) {
      Map<String, Node> fields = object(node, path);
      checkKeys(fields, path, NODE_KEYS);
      String id = requiredString(fields, path, "id");
      String type = requiredString(fields, path, "node_type");
      Map<String, Object> params = Map.of();
      Node paramsNode = fields.get("params");
      if (paramsNode != null) {
        Object value = value(paramsNode, path + ".params");
        if (!(value instanceof Map)) {
          throw error(path + ".params", paramsNode,
              "expected an object of parameters, found " + describe(paramsNode));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        params = map;
      }
      return new NodeSpec(id, type, params);
    }

    private Object value(Node node, String path) {
      record(path, node);
      if (++values > MAX_VALUES) {
        throw error(path, node, "the manifest holds more than " + MAX_VALUES + " values");
      }
      if (node instanceof MappingNode) {
        Map<String, Object> result = new LinkedHashMap<>();
        object(node, path).forEach((key, child) -> result.put(key, value(child, path + "." + key)));
        return result;
      }
      if (node instanceof SequenceNode sequence) {
        List<Object> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          result.add(value(items.get(i), path + "[" + i + "]"));
        }
        return result;
      }
      ScalarNode scalar = (ScalarNode) node;
      Tag tag = scalar.getTag();
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.STR.equals(tag)) {
        return scalar.getValue();
      }
      if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
        Object constructed = constructor.scalar(scalar);
        return constructed instanceof Number number ? number.doubleValue() : constructed;
      }
      throw error(path, node, "unsupported value type " + tag.getValue()
          + "; values are strings, numbers, booleans, lists, objects or null");
    }

    private Map<String, Node> object(Node node, String path) {
      record(path, node);
      if (!(node instanceof MappingNode mapping)) {
        throw error(path, node, "expected an object, found " + describe(node));
      }
      Map<String, Node> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode key)) {
          throw error(path, keyNode, "expected a string key, found " + describe(keyNode));
        }
        String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
        if (fields.containsKey(key.getValue())) {
          throw error(childPath, keyNode, "duplicate key \"" + key.getValue() + "\"");
        }
        fields.put(key.getValue(), tuple.getValueNode());
        record(childPath, tuple.getValueNode());
      }
      return fields;
    }

    private List<Node> array(Node node, String path) {
      record(path, node);
      if (!(node instanceof SequenceNode sequence)) {
        throw error(path, node, "expected a list, found " + describe(node));
      }
      return sequence.getValue();
    }

    private void checkKeys(Map<String, Node> fields, String path, Set<String> allowed) {
      for (String key : fields.keySet()) {
        if (!allowed.contains(key)) {
          String childPath = path.isEmpty() ? key : path + "." + key;
          throw error(childPath, fields.get(key), "unknown field \"" + key + "\""
              + ClosestMatch.hint(key, allowed) + "; allowed: " + sorted(allowed));
        }
      }
    }

    private String requiredString(Map<String, Node> fields, String path, String key) {
      String childPath = path.isEmpty() ? key : path + "." + key;
      Node node = fields.get(key);
      if (node == null) {
        throw PipelineException.invalidManifest(
            locate(childPath), "missing required field \"" + key + "\"");
      }
      return string(node, childPath);
    }

    private String optionalString(Map<String, Node> fields, String path, String key) {
      Node node = fields.get(key);
      return node == null ? "" : string(node, path + "." + key);
    }

    private String string(Node node, String path) {
      if (node instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
        return scalar.getValue();
      }
      throw error(path, node, "expected a string, found " + describe(node));
    }

    private ManifestLocation locate(String path) {
      return new SourceMap(positions).locate(path);
    }

    private void record(String path, Node node) {
      Mark mark = node.getStartMark();
      if (mark != null) {
        positions.putIfAbsent(path, new int[] {mark.getLine() + 1, mark.getColumn() + 1});
      }
    }

    private PipelineException error(String path, Node node, String problem) {
      Mark mark = node.getStartMark();
      ManifestLocation location = mark == null
          ? ManifestLocation.ofPath(path)
          : new ManifestLocation(path, mark.getLine() + 1, mark.getColumn() + 1);
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
      String kind = Tag.STR.equals(tag) ? "a string"
          : Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? "a number"
          : Tag.BOOL.equals(tag) ? "a boolean"
          : Tag.NULL.equals(tag) ? "null" : tag.getValue();
      String text = scalar.getValue();
      if (text.length() > 40) {
        text = text.substring(0, 40) + "...";
      }
      return Tag.NULL.equals(tag) ? kind : kind + " (" + text + ")";
    }

    private static List<String> sorted(Set<String> names) {
      return names.stream().sorted().toList();
    }
  }
}
