package io.remotemedia.server.internal.transport;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.PipelineServiceGrpc;

/**
 * Bounds the StreamPipeline calls one connection may have started without sending their first
 * message ({@code open} or {@code resume}). Such a call holds a session, its timers and grpc's
 * call state, about 3 KB of heap, until the idle timeout ends it (30 s by default), and takes
 * no stream slot, which only {@code open} does; its HEADERS frame costs the client about 60
 * bytes. Without this bound two connections held 40,000 of them, 130 MB after GC. A client
 * sends {@code open} right after the call's headers, so only a burst of calls started at once
 * waits here at all, and briefly: {@link #DEFAULT_MAX} is far above need. The call past it is
 * closed with RESOURCE_EXHAUSTED, naming {@value #LIMIT}, its value and the count it would
 * have reached. A call leaves the count with its first message, so open streams are bounded
 * by the stream slots alone.
 *
 * <p>Add {@link #filter()} to the server builder and the interceptor to the pipeline service;
 * its other methods pass through. Thread-safe.
 */
public final class UnopenedStreamsPerConnection implements ServerInterceptor {
  /** The limit's name in a refusal's ErrorDetail. */
  public static final String LIMIT = "unopened_streams_per_connection";
  /** StreamPipeline calls one connection may have waiting for their first message. */
  public static final int DEFAULT_MAX = 100;

  private static final String STREAM_METHOD =
      PipelineServiceGrpc.getStreamPipelineMethod().getFullMethodName();

  private final ConnectionPlaces places;
  private final int max;

  /** @param max calls one connection may have waiting for their first message; at least 1 */
  public UnopenedStreamsPerConnection(int max) {
    this.places = new ConnectionPlaces("remotemedia-unopened-streams", max);
    this.max = max;
  }

  /** {@return the transport filter that gives each connection its own count} */
  public ServerTransportFilter filter() {
    return places.filter();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!STREAM_METHOD.equals(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    return places.admit(call, headers, next, ConnectionPlaces.Until.FIRST_MESSAGE,
        count -> PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "this connection has "
                + max + " StreamPipeline calls that have not sent their first message, the"
                + " most one connection may have (" + LIMIT + "); send open first, or use"
                + " another connection")
            .limit(new LimitViolation(LIMIT, max, count))
            .build());
  }
}
