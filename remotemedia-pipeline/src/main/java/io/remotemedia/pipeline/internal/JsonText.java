package io.remotemedia.pipeline.internal;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON-like values (maps, lists, strings, numbers, booleans, null) as JSON text with
 * two-space indentation. Whole numbers print without a fraction, and negative zero as -0.0;
 * NaN and infinities, which JSON cannot hold, are refused. Strings escape, besides what JSON
 * must, the characters that YAML refuses or reads as line breaks (U+007F to U+009F, U+2028,
 * U+2029, U+FEFF, U+FFFE, U+FFFF), so that the text reads back alike as YAML.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * {@return {@code value} as indented JSON}
   *
   * @param value maps with string keys, lists, strings, numbers, booleans and null, nested
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      quote(text, out);
    } else if (value instanceof Boolean flag) {
      out.append(flag);
    } else if (value instanceof Number number) {
      number(number.doubleValue(), out);
    } else if (value instanceof Map<?, ?> map) {
      object(map, out, depth);
    } else if (value instanceof List<?> list) {
      array(list, out, depth);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    int i = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      indent(out, depth + 1);
      quote(String.valueOf(entry.getKey()), out);
      out.append(": ");
      write(entry.getValue(), out, depth + 1);
      out.append(++i < map.size() ? ",\n" : "\n");
    }
    indent(out, depth);
    out.append('}');
  }

  private static void array(List<?> list, StringBuilder out, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      indent(out, depth + 1);
      write(list.get(i), out, depth + 1);
      out.append(i + 1 < list.size() ? ",\n" : "\n");
    }
    indent(out, depth);
    out.append(']');
  }

  private static void number(double value, StringBuilder out) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON cannot hold " + value);
    }
    if (value == 0 && 1 / value < 0) {
      out.append("-0.0"); // As -0 would be read: the integer 0, not negative zero.
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029'
              || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }
}
