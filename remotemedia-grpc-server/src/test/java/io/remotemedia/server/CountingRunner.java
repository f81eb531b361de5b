package io.remotemedia.server;

import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner around a real one that counts executions and streams, and can hold every
 * execution until its worker is interrupted (for deadline and cancellation tests).
 */
final class CountingRunner extends ForwardingPipelineRunner {
  final AtomicInteger executions = new AtomicInteger();
  final AtomicInteger streams = new AtomicInteger();
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch interrupted = new CountDownLatch(1);
  private final boolean hold;

  CountingRunner(PipelineRunner delegate, boolean hold) {
    super(delegate);
    this.hold = hold;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    executions.incrementAndGet();
    started.countDown();
    if (hold) {
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("held execution interrupted", e);
      }
    }
    return super.execute(request);
  }

  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    streams.incrementAndGet();
    return super.openStream(request);
  }
}
