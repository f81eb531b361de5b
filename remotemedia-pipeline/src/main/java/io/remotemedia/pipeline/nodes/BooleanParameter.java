package io.remotemedia.pipeline.nodes;

import java.util.Objects;

/**
 * A true/false parameter with a default; read it with {@link NodeParams#get(String, boolean)}.
 *
 * <pre>{@code
 * static final BooleanParameter GATE = new BooleanParameter("gate", false, "Emit only speech.");
 * boolean gate = params.get(GATE.name(), GATE.defaultValue());
 * }</pre>
 */
public record BooleanParameter(String name, boolean defaultValue, String description)
    implements ParameterSpec {

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
