package io.remotemedia.pipeline.nodes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parameter whose value is one of an enum's constants, written in manifests as the
 * lower-case constant name ({@code VERY_HIGH} is {@code "very_high"}).
 *
 * @param <E> the enum whose constants are the allowed values
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param type the enum's class, for its constants
 * @param defaultValue the value when the manifest leaves the parameter out
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record EnumParameter<E extends Enum<E>>(
    String name, Class<E> type, E defaultValue, String description) implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param type the enum's class, for its constants
   * @param defaultValue the value when the manifest leaves the parameter out
   * @param description what the parameter means, with its unit; shown in node type listings
   * @throws NullPointerException if a required component is null
   */
  public EnumParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
  }

  /** {@return the manifest spelling of every constant, in declaration order} */
  public List<String> spellings() {
    return Arrays.stream(type.getEnumConstants()).map(EnumParameter::spell).toList();
  }

  static String spell(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String typeName() {
    return "enum";
  }

  @Override
  public String defaultText() {
    return spell(defaultValue);
  }

  @Override
  public String allowedText() {
    return String.join(", ", spellings());
  }
}
