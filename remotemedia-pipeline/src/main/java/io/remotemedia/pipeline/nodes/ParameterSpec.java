package io.remotemedia.pipeline.nodes;

/**
 * A node parameter as manifests name it: its snake_case name, type, default, allowed values
 * and meaning. {@link NodeParams} reads and checks values against it.
 */
public interface ParameterSpec {
  /** {@return the snake_case name used in manifests, for example {@code gain_db}} */
  String name();

  /** {@return the value type: {@code number}, {@code integer}, {@code integer_list},
   * {@code boolean} or {@code enum}} */
  String typeName();

  /** {@return the default as text, or empty when the parameter is required} */
  String defaultText();

  /** {@return the allowed range or values as text, for example {@code [-120, 60]}} */
  String allowedText();

  /** {@return what the parameter means, with its unit} */
  String description();
}
