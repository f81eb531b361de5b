package io.remotemedia.pipeline.nodes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parameter whose value is one of an enum's constants, written in manifests as the
 * lower-case constant name ({@code VERY_HIGH} is {@code "very_high"}).
 */
public record EnumParameter<E extends Enum<E>>(
    String name, Class<E> type, E defaultValue, String description) implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @throws NullPointerException if a required component is null
   */
  public EnumParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
  }

  /** Returns the manifest spelling of every constant, in declaration order. */
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
