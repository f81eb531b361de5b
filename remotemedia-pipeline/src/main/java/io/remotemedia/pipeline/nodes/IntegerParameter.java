package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/** A whole-number parameter with a default and an inclusive range. */
public record IntegerParameter(
    String name, long defaultValue, long min, long max, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
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
