package io.remotemedia.server;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the attempts the channel's retry machinery makes beyond each call's first, for unary
 * calls: policy retries (the service config's retryPolicy, after a status such as UNAVAILABLE)
 * and transparent retries (an attempt that never reached a server application). It sees them
 * through the stream tracer grpc-java creates for every attempt. Thread-safe.
 *
 * <pre>{@code
 * RetryCounter retries = new RetryCounter();
 * RemoteMediaClient client =
 *     RemoteMediaClient.forChannel(ClientInterceptors.intercept(channel, retries));
 * }</pre>
 */
public final class RetryCounter implements ClientInterceptor {
  private final AtomicInteger policyRetries = new AtomicInteger();
  private final AtomicInteger transparentRetries = new AtomicInteger();

  private final ClientStreamTracer.Factory tracers = new ClientStreamTracer.Factory() {
    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info,
        Metadata headers) {
      if (info.isTransparentRetry()) {
        transparentRetries.incrementAndGet();
      } else if (info.getPreviousAttempts() > 0) {
        policyRetries.incrementAndGet();
      }
      return new ClientStreamTracer() {};
    }
  };

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    if (method.getType() != MethodDescriptor.MethodType.UNARY) {
      return next.newCall(method, callOptions);
    }
    return next.newCall(method, callOptions.withStreamTracerFactory(tracers));
  }

  /** Attempts made by the retry policy, after a retryable status. */
  public int policyRetries() {
    return policyRetries.get();
  }

  /** Attempts made transparently, for a call that never reached a server application. */
  public int transparentRetries() {
    return transparentRetries.get();
  }
}
