package io.remotemedia.pipeline.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a node type that has no typed report in this release: a custom node's (see
 * {@link io.remotemedia.pipeline.nodes.NodeFactory#dataOutput}), or a newer server's node that
 * this client does not know. Its fields are JSON-like values, because that is all the wire can
 * say about them: strings, numbers (always {@code Double}, as on the wire), booleans, null,
 * lists and maps with string keys.
 *
 * @param fields the result's fields, in their order; immutable
 */
public record CustomReport(Map<String, Object> fields) implements NodeReport {
  /**
   * Copies the fields into immutable JSON-like values, numbers as {@code Double}, so that a
   * report equals its copy sent over the wire.
   *
   * @param fields the result's fields: strings, numbers, booleans, null, lists and maps
   * @throws IllegalArgumentException if a value is not JSON-like, naming its path
   * @throws NullPointerException if {@code fields} is null
   */
  public CustomReport {
    fields = object(fields, "fields");
  }

  private static Map<String, Object> object(Map<?, ?> map, String path) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> {
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException(path + ": keys must be strings, found " + key);
      }
      copy.put(name, value(value, path + "." + name));
    });
    return Collections.unmodifiableMap(copy);
  }

  private static Object value(Object value, String path) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Double) {
      return value;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      return object(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(value(list.get(i), path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(path + ": not a JSON-like value: "
        + value.getClass().getName());
  }
}
