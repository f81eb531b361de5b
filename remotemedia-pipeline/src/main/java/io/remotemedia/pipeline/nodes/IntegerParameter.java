package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/**
 * A whole-number parameter with a default and an inclusive range.
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
 * @param min the smallest allowed value, inclusive
 * @param max the largest allowed value, inclusive
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record IntegerParameter(
    String name, long defaultValue, long min, long max, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
   * @param min the smallest allowed value, inclusive
   * @param max the largest allowed value, inclusive
   * @param description what the parameter means, with its unit; shown in node type listings
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the default value or the bounds are inconsistent
   */
  public IntegerParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(
          name + ": default " + defaultValue + " is outside [" + min + ", " + max + "]");
    }
  }

  @Override
  public String typeName() {
    return "integer";
  }

  @Override
  public String defaultText() {
    return Long.toString(defaultValue);
  }

  @Override
  public String allowedText() {
    return "[" + min + ", " + max + "]";
  }
}
