package io.remotemedia.pipeline;

import io.remotemedia.pipeline.execution.PipelineExecutor;
import io.remotemedia.pipeline.graph.PipelineGraph;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.pipeline.nodes.ParameterSpec;
import java.util.List;
import java.util.Objects;

/**
 * Runs pipelines in this JVM, on the calling thread. Interrupting the thread cancels the run.
 *
 * <pre>{@code
 * PipelineRunner runner = LocalPipelineRunner.create();
 * PipelineManifest manifest = new ManifestParser().parse(Path.of("gain.json"));
 * ExecutionResult result = runner.execute(ExecutionRequest.of(manifest, "gain", input));
 * }</pre>
 *
 * <p>Thread-safe: one runner serves any number of concurrent executions.
 */
public final class LocalPipelineRunner implements PipelineRunner {
  private final NodeRegistry registry;
  private final ExecutionLimits defaults;
  private final ExecutionLimits maximums;
  private final PipelineExecutor executor = new PipelineExecutor();

  private LocalPipelineRunner(
      NodeRegistry registry, ExecutionLimits defaults, ExecutionLimits maximums) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.maximums = Objects.requireNonNull(maximums, "maximums");
  }

  /** A runner with the standard node types and {@link ExecutionLimits#DEFAULTS}. */
  public static LocalPipelineRunner create() {
    return create(NodeRegistry.standard(), ExecutionLimits.DEFAULTS, ExecutionLimits.DEFAULTS);
  }

  /**
   * A runner with these node types. A request's unset limits take {@code defaults}; every
   * limit is capped by {@code maximums}.
   */
  public static LocalPipelineRunner create(
      NodeRegistry registry, ExecutionLimits defaults, ExecutionLimits maximums) {
    return new LocalPipelineRunner(registry, defaults, maximums);
  }

  /** Returns the node registry this runner compiles manifests against. */
  public NodeRegistry registry() {
    return registry;
  }

  /** Returns the limits a request with {@code requested} limits runs under. */
  public ExecutionLimits effectiveLimits(ExecutionLimits requested) {
    return requested.resolve(defaults, maximums);
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    PipelineGraph graph = PipelineGraph.compile(request.manifest(), registry);
    return executor.execute(graph, request.inputs(), effectiveLimits(request.limits()));
  }

  @Override
  public List<NodeTypeDescription> nodeTypes() {
    return registry.factories().stream().map(LocalPipelineRunner::describe).toList();
  }

  private static NodeTypeDescription describe(NodeFactory factory) {
    return new NodeTypeDescription(factory.nodeType(), factory.description(),
        factory.parameters().stream().map(LocalPipelineRunner::describe).toList());
  }

  private static NodeTypeDescription.ParameterDescription describe(ParameterSpec spec) {
    return new NodeTypeDescription.ParameterDescription(spec.name(), spec.typeName(),
        spec.defaultText(), spec.allowedText(), spec.description());
  }
}
