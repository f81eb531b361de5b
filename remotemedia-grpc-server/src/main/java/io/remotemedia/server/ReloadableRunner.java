package io.remotemedia.server;

import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.server.config.LimitsConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link PipelineRunner} whose delegate can be swapped, so that new limits apply to calls
 * that start after a reload while running calls finish under the limits they started with.
 * The delegates share one capacity ({@link LocalPipelineRunner#withLimits}). Thread-safe.
 */
final class ReloadableRunner implements PipelineRunner {
  private final AtomicReference<LocalPipelineRunner> delegate;

  ReloadableRunner(LocalPipelineRunner initial) {
    this.delegate = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  /** Calls that start from now on run under {@code limits}, in the same capacity. */
  void replaceLimits(LimitsConfig limits) {
    delegate.updateAndGet(current -> current.withLimits(limits.defaults(), limits.maximums()));
  }

  LocalPipelineRunner current() {
    return delegate.get();
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    return delegate.get().execute(request);
  }

  /** {@link LocalPipelineRunner#tryExecute(ExecutionRequest, long)} on the current delegate. */
  Optional<ExecutionResult> tryExecute(ExecutionRequest request, long maxNodeSamples) {
    return delegate.get().tryExecute(request, maxNodeSamples);
  }

  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    return delegate.get().openStream(request);
  }

  @Override
  public Explanation explain(ExplainRequest request) {
    return delegate.get().explain(request);
  }

  @Override
  public List<NodeTypeDescription> nodeTypes() {
    return delegate.get().nodeTypes();
  }
}
