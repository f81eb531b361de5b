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
 */
public record BooleanParameter(String name, boolean defaultValue, String description)
    implements ParameterSpec {

  /**
   * Validates the parameter description.
   *
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
