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
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.server.internal.logging.StructuredMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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
 *       the request has been decoded ({@link #releaseBytesInTransit}; its decoded audio counts
 *       in the runner's memory from there, {@link DecodedInputMemory}) or the call ends; a part
 *       that finds no room gets the call refused with BUSY, naming {@value
 *       RequestBytesInTransit#LIMIT}.
 * </ul>
 *
 * <p>A call stops waiting at its first message or half-close, or when it ends. Once the server
 * drains ({@link #drain()}), a unary call none of whose request has come for {@link
 * StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS} (and not the timeout) has done no work: the sweep
 * closes it with DRAINING (UNAVAILABLE), which the SDK retries on another replica, rather than
 * let it hold the drain for its grace period. Thread-safe.
 */
public final class RequestArrival implements ServerInterceptor {
  /** The limit's name in a refusal's ErrorDetail: the server setting that sets it. */
  public static final String LIMIT = "server.max_calls_awaiting_request";
  /** The per-connection limit's name in a refusal's ErrorDetail: the setting that sets it. */
  public static final String LIMIT_PER_CONNECTION =
      "server.max_calls_awaiting_request_per_connection";
  /** The setting that bounds a unary call's wait for its request. */
  public static final String TIMEOUT_SETTING = "server.request_arrival_timeout_ms";
  private static final Context.Key<InboundBytes> INBOUND =
      Context.key("remotemedia-inbound-bytes");
  /** What streams whose bytes no sweep reads get: it counts nothing. */
  private static final ServerStreamTracer UNCOUNTED = new ServerStreamTracer() { };
  private static final Logger log = LogManager.getLogger(RequestArrival.class);

  private final AwaitingRequestPlaces places;
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong refusedForBytes = new AtomicLong();
  private final RequestBytesInTransit inTransit;
  /** Unary calls that wait, for the sweep that closes the late ones. */
  private final Set<Arrival<?, ?>> unaryWaiting = ConcurrentHashMap.newKeySet();
  private final long timeoutMs;
  /** Set once by {@link #drain()}: from then on the sweep closes quiet calls much sooner. */
  private volatile boolean draining;

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
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
    }
    this.places = new AwaitingRequestPlaces(max, maxPerConnection);
    this.timeoutMs = timeout.toMillis();
    this.inTransit = new RequestBytesInTransit(maxBytesInTransit);
    // One sweep rather than a timer per call: a call's own timer would wake the timer thread
    // whenever the queue is empty (one unary call at a time), a hand-off on every call.
    long periodMs = Math.min(1_000, timeoutMs);
    timers.scheduleWithFixedDelay(this::closeLate, periodMs, periodMs, TimeUnit.MILLISECONDS);
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
    String service = PipelineServiceGrpc.SERVICE_NAME + "/";
    String stream = PipelineServiceGrpc.getStreamPipelineMethod().getFullMethodName();
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return fullMethodName.startsWith(service) && !fullMethodName.equals(stream)
            ? new InboundBytes(new RequestBytesHold(inTransit)) : UNCOUNTED;
      }
    };
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

  /**
   * Gives back the current call's request bytes counted in transit: call it once the request
   * has been decoded and the transport's buffers released. Until then, or until the call ends,
   * a whole request's bytes still count, since they are still held.
   */
  static void releaseBytesInTransit() {
    InboundBytes inbound = INBOUND.get();
    if (inbound != null) {
      inbound.held.close();
    }
  }

  /** {@return the bytes of unary requests that have arrived and are not yet decoded} */
  public long bytesInTransit() {
    return inTransit.used();
  }

  /** {@return how many calls were refused because their bytes found no room in transit} */
  public long refusedForBytesInTransit() {
    return refusedForBytes.get();
  }

  /** {@return the most bytes of undecoded unary requests at once} */
  public long maxBytesInTransit() {
    return inTransit.max();
  }

  /** {@return how many unary calls were closed because their request stopped coming} */
  public long timedOut() {
    return timedOut.get();
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
    InboundBytes inbound = INBOUND.get();
    Arrival<ReqT, RespT> arrival =
        new Arrival<>(call, Context.current(), inbound, place);
    if (inbound != null) {
      inbound.arrival = arrival;
    }
    // The call's context is cancelled however the call ends, also when an interceptor
    // outside this one fails it and no listener hears of it.
    arrival.context.addListener(ended -> arrival.leave(Arrival.ENDED),
        MoreExecutors.directExecutor());
    ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
    if (call.getMethodDescriptor().getType().clientSendsOneMessage()) {
      unaryWaiting.add(arrival);
      if (!arrival.isWaiting()) {
        unaryWaiting.remove(arrival); // It left before it was added.
      }
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
    draining = true;
  }

  /**
   * Closes the unary calls none of whose request came for the timeout, or, once the server
   * drains, for {@link StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS}; on the timer thread. It never
   * throws: a scheduled task that throws is never run again, and every later late request
   * would then wait for ever.
   */
  private void closeLate() {
    long now = System.nanoTime();
    boolean drainingNow = draining;
    long quietNanos = TimeUnit.MILLISECONDS.toNanos(drainingNow
        ? Math.min(timeoutMs, StreamRegistry.FIRST_MESSAGE_AT_DRAIN_MS) : timeoutMs);
    for (Arrival<?, ?> arrival : unaryWaiting) {
      if (!arrival.progressed(now) && now - arrival.quietSinceNanos >= quietNanos) {
        try {
          arrival.close(drainingNow);
        } catch (RuntimeException e) {
          // Broad on purpose, and only here: whatever one call's close throws, the others
          // must still be swept, now and every second from now on. The call has left the wait.
          log.error(StructuredMessage.of("request_arrival.sweep_failed", "closing a call"
              + " whose request did not arrive failed; the sweep goes on"), e);
        }
      }
    }
  }

  /**
   * The bytes of a call's request read so far (grpc-java reports them as its deframer reads
   * them, before the message is whole); it puts itself in the call's {@link Context}.
   */
  private static final class InboundBytes extends ServerStreamTracer {
    private final AtomicLong bytes = new AtomicLong();
    private final RequestBytesHold held;
    /** The call's wait, once the interceptor has seen the call (before any of its bytes). */
    private volatile Arrival<?, ?> arrival;

    InboundBytes(RequestBytesHold held) {
      this.held = held;
    }

    @Override
    public Context filterContext(Context context) {
      return context.withValue(INBOUND, this);
    }

    @Override
    public void inboundWireSize(long read) {
      long arrived = bytes.addAndGet(read);
      Arrival<?, ?> waiting = arrival;
      if (!held.add(read) && waiting != null) {
        waiting.refuseForMemory(arrived);
      }
    }

    @Override
    public void streamClosed(Status status) {
      held.close();
    }
  }

  /**
   * One call's wait: {@link #WAITING} until its first message, its timeout or its end, each of
   * which leaves the wait once; the count comes down then. After a timeout its messages are
   * dropped, since the call is closed. The sweep keeps when it last saw the request's bytes
   * grow.
   */
  private final class Arrival<ReqT, RespT> {
    static final int WAITING = 0;
    static final int ARRIVED = 1;
    static final int TIMED_OUT = 2;
    static final int ENDED = 3;
    static final int REFUSED = 4;
    static final int DRAINED = 5;

    private final ServerCall<ReqT, RespT> call;
    private final Context context;
    /** Null when the call's stream is not traced: then only its start counts. */
    private final InboundBytes inbound;
    /** Its place among the waiting calls. */
    private final AwaitingRequestPlaces.Place place;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    // Read and written by the sweep only, once the call is in the set.
    private long quietSinceNanos = System.nanoTime();
    private long seenBytes;

    Arrival(ServerCall<ReqT, RespT> call, Context context, InboundBytes inbound,
        AwaitingRequestPlaces.Place place) {
      this.call = call;
      this.context = context;
      this.inbound = inbound;
      this.place = place;
    }

    /** {@return whether bytes of the request came since the sweep last looked} */
    boolean progressed(long nowNanos) {
      long bytes = inbound == null ? 0 : inbound.bytes.get();
      if (bytes == seenBytes) {
        return false;
      }
      seenBytes = bytes;
      quietSinceNanos = nowNanos;
      return true;
    }

    boolean isWaiting() {
      return state.get() == WAITING;
    }

    /** {@return whether the call's messages go on: false once the server has closed it} */
    boolean arrive() {
      leave(ARRIVED);
      int now = state.get();
      return now != TIMED_OUT && now != REFUSED && now != DRAINED;
    }

    /** {@return whether this left the wait} */
    boolean leave(int how) {
      if (!state.compareAndSet(WAITING, how)) {
        return false;
      }
      place.giveBack();
      unaryWaiting.remove(this);
      // A whole request's bytes stay in the transport's buffers until it is decoded
      // (releaseBytesInTransit); the others' go back with their call.
      if (inbound != null && how != ARRIVED) {
        inbound.held.close();
      }
      return true;
    }

    void expire() {
      if (!leave(TIMED_OUT)) {
        return;
      }
      timedOut.incrementAndGet();
      PipelineException timeout = PipelineException.of(ErrorKind.TIMEOUT, "the request did"
          + " not arrive: none of it came within " + timeoutMs + " ms, from the call's start"
          + " or from its last bytes (" + TIMEOUT_SETTING + ")");
      // Nothing else uses the call while it waits, and its messages are dropped from now on.
      context.run(() -> StatusMapper.refuse(call, timeout));
    }

    /** Closes the call whose request stopped coming: as drained, or as timed out. */
    void close(boolean drained) {
      if (drained) {
        endAtDrain();
      } else {
        expire();
      }
    }

    private void endAtDrain() {
      if (!leave(DRAINED)) {
        return;
      }
      PipelineException drained = PipelineException.of(ErrorKind.DRAINING, "the server is"
          + " shutting down, and none of this call's request had come for "
          + StreamRegistry.FIRST_MESSAGE_AT_DRAIN_MS + " ms; send it again, to another replica"
          + " if there is one");
      // Nothing else uses the call while it waits, and its messages are dropped from now on.
      context.run(() -> StatusMapper.refuse(call, drained));
    }

    /**
     * Refuses the call because the part of its request that just arrived did not fit under
     * the bound on bytes in transit; {@code arrived} bytes of it had come. Runs where grpc
     * reads the request.
     */
    void refuseForMemory(long arrived) {
      if (!leave(REFUSED)) {
        return;
      }
      refusedForBytes.incrementAndGet();
      PipelineException refusal = PipelineException.builder(ErrorKind.BUSY, "the server has "
              + inTransit.used() + " bytes of requests arriving, and no room under its bound of "
              + inTransit.max() + " (" + RequestBytesInTransit.LIMIT + ") for more of this one ("
              + arrived + " bytes of it had come); retry after "
              + PipelineGrpcService.BUSY_RETRY_AFTER_MS + " ms")
          .limit(new LimitViolation(RequestBytesInTransit.LIMIT, inTransit.max(),
              inTransit.used() + arrived))
          .retryAfterMs(PipelineGrpcService.BUSY_RETRY_AFTER_MS)
          .build();
      // Nothing else uses the call while it waits, and its messages are dropped from now on.
      context.run(() -> StatusMapper.refuse(call, refusal));
    }
  }
}
