package io.remotemedia.server;

import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import java.util.List;

/**
 * A runner that passes every call to a real one; a test overrides only the method it watches
 * or holds, as with grpc's {@code ForwardingClientCall}. Thread-safe if the delegate is.
 *
 * <pre>{@code
 * PipelineRunner logging = new ForwardingPipelineRunner(LocalPipelineRunner.create()) {
 *   @Override
 *   public ExecutionResult execute(ExecutionRequest request) {
 *     log.info("inside the pipeline run");
 *     return super.execute(request);
 *   }
 * };
 * }</pre>
 */
public abstract class ForwardingPipelineRunner implements PipelineRunner {
  private final PipelineRunner delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingPipelineRunner(PipelineRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    return delegate.execute(request);
  }

  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    return delegate.openStream(request);
  }

  @Override
  public Explanation explain(ExplainRequest request) {
    return delegate.explain(request);
  }

  @Override
  public List<NodeTypeDescription> nodeTypes() {
    return delegate.nodeTypes();
  }
}
