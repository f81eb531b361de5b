package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/**
 * A {@code true}/{@code false} parameter with a default.
 *
 * <pre>{@code
 * static final BooleanParameter PAD_FINAL = new BooleanParameter(
 *     "pad_final", false, "Zero-pad and emit the last partial frame.");
 * boolean pad = params.get(PAD_FINAL);
 * }</pre>
 *
 * @param name the snake_case name used in manifests, for example {@code gain_db}
 * @param defaultValue the value when the manifest leaves the parameter out
 * @param description what the parameter means, with its unit; shown in node type listings
 */
public record BooleanParameter(String name, boolean defaultValue, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
   * @param name the snake_case name used in manifests, for example {@code gain_db}
   * @param defaultValue the value when the manifest leaves the parameter out
   * @param description what the parameter means, with its unit; shown in node type listings
   * @throws NullPointerException if a required component is null
   */
  public BooleanParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  public String defaultText() {
    return Boolean.toString(defaultValue);
  }

  @Override
  public String allowedText() {
    return "true, false";
  }
}
