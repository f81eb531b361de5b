package io.remotemedia.server.config;

import java.util.List;

/**
 * A setting's value as written, before it is parsed, and where it was written.
 *
 * @param text the scalar text, or null for a list
 * @param items the list items, or null for a scalar
 * @param origin which layer set it
 * @param subject how problems name it: {@code server.port (line 2, column 9)},
 *     {@code REMOTEMEDIA_SERVER_PORT (server.port)} or {@code --port (server.port)}
 */
record RawValue(String text, List<String> items, Origin origin, String subject) {
  /** The layers, lowest precedence first. */
  enum Origin {
    DEFAULT("default"),
    FILE("file"),
    ENVIRONMENT("environment"),
    FLAG("flag");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  static RawValue scalar(String text, Origin origin, String subject) {
    return new RawValue(text, null, origin, subject);
  }

  static RawValue list(List<String> items, Origin origin, String subject) {
    return new RawValue(null, List.copyOf(items), origin, subject);
  }

  boolean isList() {
    return items != null;
  }
}
