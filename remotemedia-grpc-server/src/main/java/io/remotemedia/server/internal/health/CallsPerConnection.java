package io.remotemedia.server.internal.health;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.server.internal.transport.ConnectionPlaces;

/**
 * Bounds the calls one connection may have in progress on the services it intercepts: the
 * health and reflection services, which no quota counts and whose health methods need no
 * token. Without it, one connection could keep any number of {@code Health/Watch} calls open
 * (HTTP/2 lets a client open 2^31 streams; the server advertises no lower bound), each holding
 * a few KB of heap for as long as the connection lives: 76,000 of them, from anyone who could
 * reach the port, held 190 MB after GC. A client needs one watch per connection (the SDK's
 * health-checked load balancing) and a probe one check at a time, so {@link #DEFAULT_MAX} is
 * far above need, and what the calls hold stays a small part of what a connection costs
 * anyway, which {@code server.max_connections} bounds. The call past it is closed with
 * RESOURCE_EXHAUSTED, naming {@value #LIMIT}, its value and the count it would have reached.
 *
 * <p>Add {@link #filter()} to the server builder and the interceptor to each service it
 * bounds. A call on a transport the filter did not see (an in-process transport in tests) is
 * not counted. Thread-safe.
 */
public final class CallsPerConnection implements ServerInterceptor {
  /** The limit's name in a refusal's ErrorDetail. */
  public static final String LIMIT = "health_and_reflection_calls_per_connection";
  /** Calls one connection may have in progress at once. */
  public static final int DEFAULT_MAX = 16;

  private final ConnectionPlaces places;
  private final int max;

  /** @param max calls one connection may have in progress at once; at least 1 */
  public CallsPerConnection(int max) {
    this.places = new ConnectionPlaces("remotemedia-calls-per-connection", max);
    this.max = max;
  }

  /** {@return the transport filter that gives each connection its own count} */
  public ServerTransportFilter filter() {
    return places.filter();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return places.admit(call, headers, next, ConnectionPlaces.Until.CALL_ENDS,
        count -> PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "this connection has "
                + max + " health and reflection calls in progress, the most one connection"
                + " may have (" + LIMIT + "); end one, or use another connection")
            .limit(new LimitViolation(LIMIT, max, count))
            .build());
  }
}
