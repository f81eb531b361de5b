package io.remotemedia.pipeline;

import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.ParameterSpec;
import java.util.List;

/**
 * A node type a runner can run, as listed by {@link PipelineRunner#nodeTypes()}.
 *
 * @param nodeType the type name manifests use
 * @param description one line on what it does
 * @param parameters its parameters
 */
public record NodeTypeDescription(
    String nodeType, String description, List<ParameterDescription> parameters) {

  /**
   * Copies {@code parameters}, so the description stays immutable.
   *
   * @param nodeType the type name manifests use
   * @param description one line on what it does
   * @param parameters its parameters
   */
  public NodeTypeDescription {
    parameters = List.copyOf(parameters);
  }

  /** {@return the description of the node type {@code factory} makes} */
  static NodeTypeDescription of(NodeFactory factory) {
    return new NodeTypeDescription(factory.nodeType(), factory.description(),
        factory.parameters().stream().map(NodeTypeDescription::describe).toList());
  }

  private static ParameterDescription describe(ParameterSpec spec) {
    return new ParameterDescription(spec.name(), spec.typeName(), spec.defaultText(),
        spec.allowedText(), spec.description());
  }

  /**
   * One parameter of a node type.
   *
   * @param name snake_case name, for example {@code gain_db}
   * @param type {@code number}, {@code integer}, {@code boolean} or {@code enum}
   * @param defaultValue the default as text; empty when required
   * @param allowed the range or the allowed values as text
   * @param description meaning and unit
   */
  public record ParameterDescription(
      String name, String type, String defaultValue, String allowed, String description) {}
}
