package io.remotemedia.pipeline.nodes;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A list of whole numbers, each in an inclusive range, with at most {@code maxLength} entries.
 * Manifests write it as a JSON/YAML list, for example {@code "map": [1, 0]}.
 *
 * <pre>{@code
 * static final IntegerListParameter MAP = new IntegerListParameter(
 *     "map", List.of(), 0, 63, 64, "Source channel of each output channel.");
 * }</pre>
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param defaultValue the list when the manifest leaves the parameter out; copied
 * @param min the smallest allowed entry, inclusive
 * @param max the largest allowed entry, inclusive
 * @param maxLength the most entries a list may have; 0 or more
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record IntegerListParameter(
    String name, List<Long> defaultValue, long min, long max, int maxLength, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param defaultValue the list when the manifest leaves the parameter out; copied
   * @param min the smallest allowed entry, inclusive
   * @param max the largest allowed entry, inclusive
   * @param maxLength the most entries a list may have; 0 or more
   * @param description what the parameter means, with its unit; shown in node type listings
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the default value or the bounds are inconsistent
   */
  public IntegerListParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    defaultValue = List.copyOf(defaultValue);
    if (maxLength < 0 || defaultValue.size() > maxLength) {
      throw new IllegalArgumentException(name + ": default has " + defaultValue.size()
          + " entries, maxLength is " + maxLength);
    }
    for (long value : defaultValue) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + ": default entry " + value + " is outside [" + min + ", " + max + "]");
      }
    }
  }

  @Override
  public String typeName() {
    return "integer_list";
  }

  @Override
  public String defaultText() {
    return defaultValue.stream().map(String::valueOf)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public String allowedText() {
    return "up to " + maxLength + " integers in [" + min + ", " + max + "]";
  }
}
