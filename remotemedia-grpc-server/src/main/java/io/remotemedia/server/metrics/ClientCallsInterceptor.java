package io.remotemedia.server.metrics;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.remotemedia.server.logging.ClientNameLookup;

/**
 * Counts the calls each authenticated client makes, by method: {@code
 * client_requests_total{client, method}}. It runs inside authentication, where the client's
 * name is known; the label stays bounded because names come from the tokens file (or are
 * {@value ClientNameLookup#ANONYMOUS} when authentication is off). Thread-safe.
 */
final class ClientCallsInterceptor implements ServerInterceptor {
  private final ServerMetrics metrics;
  private final ClientNameLookup clientNames;

  ClientCallsInterceptor(ServerMetrics metrics, ClientNameLookup clientNames) {
    this.metrics = metrics;
    this.clientNames = clientNames;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    metrics.clientRequests.labels(ServerMetrics.clientLabel(clientNames),
        call.getMethodDescriptor().getBareMethodName()).inc();
    return next.startCall(call, headers);
  }
}
