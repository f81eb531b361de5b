package io.remotemedia.server.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts and times every call by method and status code, and keeps {@code active_calls}. A call
 * is recorded once: when it closes, or when the client cancels it. Recorded before the status
 * goes out, so a client that sees its answer also sees it counted. Thread-safe.
 */
final class MetricsInterceptor implements ServerInterceptor {
  private final ServerMetrics metrics;

  MetricsInterceptor(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    long startNanos = System.nanoTime();
    AtomicBoolean recorded = new AtomicBoolean();
    metrics.activeCalls.inc();
    ServerCall<ReqT, RespT> counted = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        record(method, status.getCode(), startNanos, recorded);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(counted, headers);
    } catch (RuntimeException e) {
      // grpc closes such a call with UNKNOWN itself, past this interceptor.
      record(method, Status.Code.UNKNOWN, startNanos, recorded);
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        record(method, Status.Code.CANCELLED, startNanos, recorded);
        super.onCancel();
      }
    };
  }

  private void record(String method, Status.Code code, long startNanos, AtomicBoolean recorded) {
    if (!recorded.compareAndSet(false, true)) {
      return;
    }
    metrics.activeCalls.dec();
    metrics.requests.labels(method, code.name()).inc();
    metrics.requestDuration.labels(method).observe((System.nanoTime() - startNanos) / 1e9);
  }
}
