package io.remotemedia.pipeline.nodes;

/**
 * A node parameter as manifests name it: its snake_case name, type, default, allowed values
 * and meaning. {@link NodeParams} reads and checks values against it.
 */
public interface ParameterSpec {
  /** The snake_case name used in manifests, for example {@code gain_db}. */
  String name();

  /** The value type: {@code number}, {@code integer}, {@code integer_list},
   * {@code boolean} or {@code enum}. */
  String typeName();

  /** The default as text, or empty when the parameter is required. */
  String defaultText();

  /** The allowed range or values as text, for example {@code [-120, 60]}. */
  String allowedText();

  /** What the parameter means, with its unit. */
  String description();
}
