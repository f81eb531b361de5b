package io.remotemedia.bench.load;

import java.util.Map;

/** Writes one flat JSON object of numbers, booleans, strings and nested maps. Not reusable. */
final class JsonText {
  private final StringBuilder text = new StringBuilder("{");

  JsonText field(String name, Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonText nested = new JsonText();
      map.forEach((key, inner) -> nested.field(String.valueOf(key), inner));
      return raw(name, nested.close());
    }
    return raw(name, value(value));
  }

  JsonText object(String name, Map<String, ?> values) {
    JsonText nested = new JsonText();
    values.forEach(nested::field);
    return raw(name, nested.close());
  }

  JsonText raw(String name, String json) {
    if (text.length() > 1) {
      text.append(", ");
    }
    text.append(quote(name)).append(": ").append(json);
    return this;
  }

  String close() {
    return text.append('}').toString();
  }

  private static String value(Object value) {
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : d.toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return quote(String.valueOf(value));
  }

  private static String quote(String s) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
