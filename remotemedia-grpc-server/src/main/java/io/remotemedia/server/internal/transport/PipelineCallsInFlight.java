package io.remotemedia.server.internal.transport;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the server's ExecutePipeline and ExplainPipeline calls in flight (both plan
 * pipelines), from the moment their headers arrive to the end of their stream, as a stream
 * tracer that grpc-java tells about both. A request runs on the transport thread only while it
 * is the one such call in flight ({@link InlineExecution}): calls that overlap run on workers,
 * in parallel, instead of one after another on the transport thread of their connection, and
 * an explanation designing filters (which holds the filter cache's lock for each design) keeps
 * small requests off the transport thread meanwhile. Should a stream's end ever go unreported,
 * the count stays high and requests run on workers: slower, never wrong. Thread-safe.
 *
 * <pre>{@code
 * PipelineCallsInFlight inFlight = new PipelineCallsInFlight();
 * serverBuilder.addStreamTracerFactory(inFlight);
 * }</pre>
 */
public final class PipelineCallsInFlight extends ServerStreamTracer.Factory {
  private static final String EXECUTE =
      PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName();
  private static final String EXPLAIN =
      PipelineServiceGrpc.getExplainPipelineMethod().getFullMethodName();
  private static final ServerStreamTracer UNCOUNTED = new ServerStreamTracer() {};

  private final AtomicInteger calls = new AtomicInteger();

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    if (!EXECUTE.equals(fullMethodName) && !EXPLAIN.equals(fullMethodName)) {
      return UNCOUNTED;
    }
    calls.incrementAndGet();
    return new ServerStreamTracer() {
      private final AtomicBoolean ended = new AtomicBoolean();

      @Override
      public void streamClosed(Status status) {
        if (ended.compareAndSet(false, true)) {
          calls.decrementAndGet();
        }
      }
    };
  }

  /** {@return how many ExecutePipeline and ExplainPipeline calls are in flight now} */
  public int count() {
    return calls.get();
  }
}
