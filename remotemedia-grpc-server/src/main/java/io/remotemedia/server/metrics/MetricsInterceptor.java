package io.remotemedia.server.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.remotemedia.server.internal.transport.StatusMapper;
import io.remotemedia.server.internal.transport.StreamOutcome;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts and times every call by method and status code, counts failed calls in {@code
 * errors_total}, and keeps {@code active_calls}. A call is recorded exactly once, whichever way
 * it ends: when it closes (recorded before the status goes out, so a client that sees its
 * answer also sees it counted), when the client cancels it, or when the transport ends it
 * without a close. For the last two the code is the one the stream really closed with ({@link
 * StreamOutcome}): a message over the size limit counts as RESOURCE_EXHAUSTED, not CANCELLED.
 * A health {@code Watch} that its client cancels is not counted in {@code errors_total}: that is
 * how every watch ends (each SDK channel holds one per replica and cancels it when it closes).
 * Thread-safe.
 */
final class MetricsInterceptor implements ServerInterceptor {
  private final ServerMetrics metrics;

  MetricsInterceptor(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    CallRecording recording = new CallRecording(call.getMethodDescriptor(),
        StreamOutcome.current());
    metrics.activeCalls.inc();
    ServerCall<ReqT, RespT> counted = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        recording.record(status, trailers);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(counted, headers);
    } catch (RuntimeException e) {
      // grpc closes such a call with UNKNOWN itself, past this interceptor.
      recording.record(Status.UNKNOWN, null);
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          // Inner layers may still answer the call (a refused message): their close counts.
          super.onCancel();
        } finally {
          recording.recordEnd(Status.Code.CANCELLED);
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          recording.recordEnd(Status.Code.OK);
        }
      }
    };
  }

  /** One call's figures, recorded once. */
  private final class CallRecording {
    private final String method;
    private final boolean endsByCancel;
    private final StreamOutcome outcome;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean recorded = new AtomicBoolean();

    CallRecording(MethodDescriptor<?, ?> method, StreamOutcome outcome) {
      this.method = method.getBareMethodName();
      this.endsByCancel = method.getFullMethodName()
          .equals(HealthGrpc.getWatchMethod().getFullMethodName());
      this.outcome = outcome;
    }

    /** Records a call that ended without a close here, with the code its stream closed with. */
    void recordEnd(Status.Code unknown) {
      record(Status.fromCode(outcome.code(unknown)), null);
    }

    void record(Status status, Metadata trailers) {
      if (!recorded.compareAndSet(false, true)) {
        return;
      }
      metrics.activeCalls.dec();
      metrics.requests.labels(method, status.getCode().name()).inc();
      metrics.requestDuration.labels(method).observe((System.nanoTime() - startNanos) / 1e9);
      if (!(endsByCancel && status.getCode() == Status.Code.CANCELLED)) {
        StatusMapper.kindOf(status, trailers).ifPresent(metrics::recordError);
      }
    }
  }
}
