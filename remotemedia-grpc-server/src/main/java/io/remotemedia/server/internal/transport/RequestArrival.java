package io.remotemedia.server.internal.transport;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.ServerTransportFilter;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Bounds the PipelineService calls that have started but not yet sent their first message
 * (a unary call's request, which grpc delivers whole with the end of the client's stream; a
 * stream's opening). Admission and the stream slots count a call from that message, and the
 * quotas, which count it from its headers, are off by default. Without this bound one
 * connection could open any number of calls and send nothing (an HTTP/2 stream costs its
 * client a few bytes of headers); 50,000 of them held 131 MB of the server's heap.
 *
 * <ul>
 *   <li>At most {@code max} such calls wait on the whole server; the next is refused at once
 *       with BUSY, naming {@value #LIMIT}, its value and the count it would have reached.
 *   <li>At most {@code maxPerConnection} of them wait on one client connection, so that one
 *       connection cannot take every place and starve the others' new calls; the next on that
 *       connection is refused at once with BUSY, naming {@value #LIMIT_PER_CONNECTION}. A call
 *       on a transport that {@link #connectionFilter()} did not see (an in-process transport)
 *       counts only on the whole server.
 *   <li>A unary call whose request stops coming is closed with TIMEOUT (DEADLINE_EXCEEDED):
 *       when none of it has come for {@code timeout}, from its start or from its last bytes,
 *       as a sweep every second (or every timeout, if shorter) finds. A large request over a
 *       slow link takes as long as it needs while its bytes keep coming; the server learns of
 *       them from {@link #inboundBytes()}, which must be added to the server builder (without
 *       it, the timeout counts from the call's start). A stream's wait for its opening message
 *       is bounded by the streams' idle timeout instead.
 *   <li>A unary request's bytes count in {@link RequestBytesInTransit} as they arrive, until
 *       the request has been decoded ({@link InboundRequestBytes#releaseCurrent}; its decoded
 *       audio counts in the runner's memory from there, {@link DecodedInputMemory}) or the call
 *       ends; a part that finds no room gets the call refused with BUSY, naming {@value
 *       RequestBytesInTransit#LIMIT}.
 * </ul>
 *
 * <p>A call stops waiting at its first message or half-close, or when it ends. Once the server
 * drains ({@link #drain()}), a unary call none of whose request has come for {@link
 * StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS} (and not the timeout) has done no work: the sweep
 * closes it with DRAINING (UNAVAILABLE), which the SDK retries on another replica, rather than
 * let it hold the drain for its grace period.
 *
 * <p>This class wires the parts together and starts each call's wait: {@link
 * AwaitingRequestPlaces} holds the places, {@link CallArrival} one call's wait, {@link
 * LateRequestSweep} the timeout and the drain, and {@link InboundRequestBytes} a request's bytes
 * in transit. Thread-safe.
 */
public final class RequestArrival implements ServerInterceptor {
  /** The limit's name in a refusal's ErrorDetail: the server setting that sets it. */
  public static final String LIMIT = "server.max_calls_awaiting_request";
  /** The per-connection limit's name in a refusal's ErrorDetail: the setting that sets it. */
  public static final String LIMIT_PER_CONNECTION =
      "server.max_calls_awaiting_request_per_connection";
  /** The setting that bounds a unary call's wait for its request. */
  public static final String TIMEOUT_SETTING = "server.request_arrival_timeout_ms";

  private final AwaitingRequestPlaces places;
  private final RequestBytesInTransit inTransit;
  private final LateRequestSweep sweep;

  /**
   * @param max calls that may wait for their first message at once; at least 1
   * @param maxPerConnection of them, on one connection; from 1 to {@code max}
   * @param timeout how long none of a unary request may come; positive, whole ms
   * @param timers runs the sweep for late requests, every second (or every timeout, if
   *     shorter): a unary call is closed between its timeout and two sweeps later (a sweep
   *     counts the quiet from when it saw the request's last bytes, not from when they came)
   * @param maxBytesInTransit the most bytes of unfinished unary requests on the server
   */
  RequestArrival(int max, int maxPerConnection, Duration timeout,
      ScheduledExecutorService timers, long maxBytesInTransit) {
    this.places = new AwaitingRequestPlaces(max, maxPerConnection);
    this.inTransit = new RequestBytesInTransit(maxBytesInTransit);
    // Last: it starts the sweep, once nothing else can refuse the arguments.
    this.sweep = new LateRequestSweep(timeout, timers);
  }

  /**
   * {@return the interceptor, whose timeouts run on {@code streams}' timer thread}
   *
   * @param max calls that may wait for their first message at once; at least 1
   * @param maxPerConnection of them, on one connection; from 1 to {@code max}
   * @param timeout how long none of a unary request may come; positive, whole ms
   * @param streams the registry whose timer thread runs the timeouts
   * @param maxBytesInTransit the most bytes of unfinished unary requests on the server
   */
  public static RequestArrival on(int max, int maxPerConnection, Duration timeout,
      StreamRegistry streams, long maxBytesInTransit) {
    return new RequestArrival(max, maxPerConnection, timeout, streams.timers(),
        maxBytesInTransit);
  }

  /**
   * {@return the transport filter that gives each connection its own count of waiting calls}
   * Add it to the server builder; without it, only the whole server's bound applies.
   */
  public ServerTransportFilter connectionFilter() {
    return places.connectionFilter();
  }

  /**
   * {@return the stream tracer factory to add to the server builder, which counts the bytes of
   * each unary PipelineService request as they arrive} The sweep closes only a request that
   * has stopped coming, and the bytes count towards the bound in transit; without it, the
   * sweep closes a request that has not come whole within the timeout of its start, however
   * fast it is coming, and its bytes are not counted.
   */
  public ServerStreamTracer.Factory inboundBytes() {
    return InboundRequestBytes.factory(inTransit);
  }

  /** {@return how many calls are waiting for their first message now} */
  public int waiting() {
    return places.waiting();
  }

  /** {@return the most calls that may wait at once ({@value #LIMIT})} */
  public int max() {
    return places.max();
  }

  /** {@return how many calls were refused because {@link #max()} were waiting} */
  public long refused() {
    return places.refused();
  }

  /** {@return the most calls that may wait at once on one connection} */
  public int maxPerConnection() {
    return places.maxPerConnection();
  }

  /**
   * {@return how many calls were refused because {@link #maxPerConnection()} were waiting on
   * their connection}
   */
  public long refusedOnConnection() {
    return places.refusedOnConnection();
  }

  /** {@return the bytes of unary requests that have arrived and are not yet decoded} */
  public long bytesInTransit() {
    return inTransit.used();
  }

  /** {@return how many calls were refused because their bytes found no room in transit} */
  public long refusedForBytesInTransit() {
    return inTransit.refused();
  }

  /** {@return the most bytes of undecoded unary requests at once} */
  public long maxBytesInTransit() {
    return inTransit.max();
  }

  /** {@return how many unary calls were closed because their request stopped coming} */
  public long timedOut() {
    return sweep.timedOut();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!PipelineServiceGrpc.SERVICE_NAME.equals(
        call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    AwaitingRequestPlaces.Place place;
    try {
      place = places.take(call);
    } catch (PipelineException refusal) {
      return StatusMapper.refuse(call, refusal);
    }
    InboundRequestBytes inbound = InboundRequestBytes.current();
    Context context = Context.current();
    CallArrival<ReqT, RespT> arrival = new CallArrival<>(call, context, inbound, place, sweep);
    if (inbound != null) {
      inbound.watch(arrival);
    }
    // The call's context is cancelled however the call ends, also when an interceptor
    // outside this one fails it and no listener hears of it.
    context.addListener(ended -> arrival.leave(CallArrival.ENDED),
        MoreExecutors.directExecutor());
    ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
    if (call.getMethodDescriptor().getType().clientSendsOneMessage()) {
      sweep.watch(arrival);
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        if (arrival.arrive()) {
          super.onMessage(message);
        }
      }

      @Override
      public void onHalfClose() {
        if (arrival.arrive()) {
          super.onHalfClose();
        }
      }
    };
  }

  /**
   * From now on, closes with DRAINING each unary call, waiting now or starting later, none of
   * whose request has come for {@link StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS}: the server is
   * draining, and such a call has done no work, so its client may as well send it to another
   * replica rather than hold the drain. A request on its way (a call that a proxy forwards
   * before it hears of the drain, a large request whose bytes keep coming) still gets through.
   * Call it once the server has stopped accepting calls.
   */
  public void drain() {
    sweep.drain();
  }
}
