package io.remotemedia.pipeline.nodes;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A whole-number parameter with a default and an inclusive range, or a few allowed values.
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
 * @param min the smallest allowed value, inclusive
 * @param max the largest allowed value, inclusive
 * @param description what the parameter means, with its unit; shown in node type listings
 * @param values the only values allowed, in ascending order; empty when any in the range is
 */
public record IntegerParameter(
    String name, long defaultValue, long min, long max, String description, List<Long> values)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
   * @param min the smallest allowed value, inclusive
   * @param max the largest allowed value, inclusive
   * @param description what the parameter means, with its unit; shown in node type listings
   * @param values the only values allowed, in ascending order from {@code min} to {@code max};
   *     empty when any in the range is
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the default value, the bounds or the values are
   *     inconsistent
   */
  public IntegerParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    values = List.copyOf(values);
    if (defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(
          name + ": default " + defaultValue + " is outside [" + min + ", " + max + "]");
    }
    if (!values.isEmpty() && (!values.contains(defaultValue) || values.get(0) != min
        || values.get(values.size() - 1) != max
        || !values.equals(values.stream().sorted().distinct().toList()))) {
      throw new IllegalArgumentException(name + ": values " + values + " must ascend from min "
          + min + " to max " + max + " and hold the default " + defaultValue);
    }
  }

  /**
   * A parameter that takes any whole number in [min, max].
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param defaultValue the value when the manifest leaves the parameter out; in [min, max]
   * @param min the smallest allowed value, inclusive
   * @param max the largest allowed value, inclusive
   * @param description what the parameter means, with its unit; shown in node type listings
   */
  public IntegerParameter(String name, long defaultValue, long min, long max,
      String description) {
    this(name, defaultValue, min, max, description, List.of());
  }

  /**
   * {@return a parameter that takes only {@code values}, such as a frame length of 10, 20 or
   * 30 ms}
   *
   * @param name the snake_case name used in manifests
   * @param defaultValue the value when the manifest leaves the parameter out; one of the values
   * @param description what the parameter means, with its unit
   * @param values the allowed values, ascending
   */
  public static IntegerParameter oneOf(String name, long defaultValue, String description,
      long... values) {
    List<Long> allowed = Arrays.stream(values).boxed().toList();
    return new IntegerParameter(name, defaultValue, values[0], values[values.length - 1],
        description, allowed);
  }

  /**
   * {@return whether {@code value}, already within [min, max], is allowed}
   *
   * @param value a whole number in [min, max]
   */
  public boolean allows(long value) {
    return values.isEmpty() || values.contains(value);
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
    return values.isEmpty() ? "[" + min + ", " + max + "]"
        : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
