package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/**
 * A real-valued parameter with a default and an inclusive range.
 *
 * <pre>{@code
 * static final NumberParameter GAIN_DB = new NumberParameter(
 *     "gain_db", 0.0, -120.0, 60.0, "Level change in dB.");
 * }</pre>
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
 * @param min the smallest allowed value, inclusive
 * @param max the largest allowed value, inclusive
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record NumberParameter(
    String name, double defaultValue, double min, double max, String description)
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
  public NumberParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!(min <= defaultValue && defaultValue <= max)) {
      throw new IllegalArgumentException(
          name + ": default " + defaultValue + " is outside [" + min + ", " + max + "]");
    }
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public String defaultText() {
    return NumberText.format(defaultValue);
  }

  @Override
  public String allowedText() {
    return "[" + NumberText.format(min) + ", " + NumberText.format(max) + "]";
  }
}
