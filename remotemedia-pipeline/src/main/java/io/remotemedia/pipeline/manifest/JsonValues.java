package io.remotemedia.pipeline.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, order-keeping immutable copies of JSON-like values. */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> immutableObject(Map<String, ?> source) {
    if (source == null) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach((key, value) -> copy.put(key, immutableValue(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object immutableValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(String.valueOf(key), immutableValue(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(immutableValue(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Number number && !(value instanceof Double)) {
      // One numeric type, as in JSON and google.protobuf.Struct, so that a manifest compares
      // equal whichever way it was made.
      return number.doubleValue();
    }
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Double) {
      return value;
    }
    throw new IllegalArgumentException(
        "parameter values must be JSON-like (string, number, boolean, list, map or null), was "
            + value.getClass().getName());
  }
}
