package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/**
 * A real-valued parameter that may be left out, which means "off" rather than a default
 * value (for example a ceiling that is only applied when given), with an inclusive range.
 *
 * <pre>{@code
 * static final OptionalNumberParameter CEILING = new OptionalNumberParameter(
 *     "true_peak_ceiling_dbtp", -30.0, 0.0, "Highest true peak in dBTP; absent: no ceiling.");
 * OptionalDouble ceiling = params.get(CEILING);
 * }</pre>
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param min the smallest allowed value, inclusive
 * @param max the largest allowed value, inclusive
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record OptionalNumberParameter(String name, double min, double max, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param min the smallest allowed value, inclusive
   * @param max the largest allowed value, inclusive
   * @param description what the parameter means, with its unit; shown in node type listings
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if min is above max
   */
  public OptionalNumberParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!(min <= max)) {
      throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
    }
  }

  @Override
  public String typeName() {
    return "number";
  }

  /** Returns {@code "none"}: an absent value switches the feature off. */
  @Override
  public String defaultText() {
    return "none";
  }

  @Override
  public String allowedText() {
    return "[" + NumberText.format(min) + ", " + NumberText.format(max) + "]";
  }
}
