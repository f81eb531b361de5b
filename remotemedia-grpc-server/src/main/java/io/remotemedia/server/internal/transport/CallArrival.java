package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.ServerCall;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PipelineService call's wait for its first message ({@link RequestArrival}): {@link
 * #WAITING} until its first message or half-close, its end, or the server closing it (timed
 * out, drained, or refused for its bytes in transit), each of which leaves the wait once. On
 * leaving, the call gives back its place among the waiting calls, leaves the sweep of late
 * requests and, unless its request came whole, gives back its bytes in transit. Once the
 * server has closed it, its messages are dropped.
 *
 * <p>The sweep keeps here when it last saw the request's bytes grow; only the sweep reads and
 * writes that. Otherwise thread-safe.
 */
final class CallArrival<ReqT, RespT> {
  static final int WAITING = 0;
  static final int ARRIVED = 1;
  static final int TIMED_OUT = 2;
  static final int ENDED = 3;
  static final int REFUSED = 4;
  static final int DRAINED = 5;

  private final ServerCall<ReqT, RespT> call;
  private final Context context;
  /** Null when the call's stream is not traced: then only its start counts. */
  private final InboundRequestBytes inbound;
  /** Its place among the waiting calls. */
  private final AwaitingRequestPlaces.Place place;
  private final LateRequestSweep sweep;
  private final AtomicInteger state = new AtomicInteger(WAITING);
  // Read and written by the sweep only, once the call is in its set.
  private long quietSinceNanos = System.nanoTime();
  private long seenBytes;

  /**
   * @param call the call that waits
   * @param context the call's context, in which the server closes it
   * @param inbound the count of its request's bytes; null when its stream is not traced
   * @param place its place among the waiting calls, given back when it leaves the wait
   * @param sweep the sweep it leaves when it leaves the wait
   */
  CallArrival(ServerCall<ReqT, RespT> call, Context context, InboundRequestBytes inbound,
      AwaitingRequestPlaces.Place place, LateRequestSweep sweep) {
    this.call = call;
    this.context = context;
    this.inbound = inbound;
    this.place = place;
    this.sweep = sweep;
  }

  /**
   * {@return whether none of the request came for {@code quietNanos} up to {@code nowNanos}}
   * Bytes that came since the sweep last looked restart the quiet from {@code nowNanos}. For
   * the sweep only.
   */
  boolean quietFor(long nowNanos, long quietNanos) {
    long bytes = inbound == null ? 0 : inbound.arrived();
    if (bytes != seenBytes) {
      seenBytes = bytes;
      quietSinceNanos = nowNanos;
      return false;
    }
    return nowNanos - quietSinceNanos >= quietNanos;
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

  /**
   * {@return whether this left the wait, as {@code how}} Only the first leave counts.
   *
   * @param how one of {@link #ARRIVED}, {@link #TIMED_OUT}, {@link #ENDED}, {@link #REFUSED}
   *     and {@link #DRAINED}
   */
  boolean leave(int how) {
    if (!state.compareAndSet(WAITING, how)) {
      return false;
    }
    place.giveBack();
    sweep.forget(this);
    // A whole request's bytes stay in the transport's buffers until it is decoded
    // (InboundRequestBytes.releaseCurrent); the others' go back with their call.
    if (inbound != null && how != ARRIVED) {
      inbound.release();
    }
    return true;
  }

  /**
   * Closes the call with {@code refusal}, in its context; call it once this has left the wait
   * as closed by the server.
   */
  void refuse(PipelineException refusal) {
    // Nothing else uses the call while it waits, and its messages are dropped from now on.
    context.run(() -> StatusMapper.refuse(call, refusal));
  }
}
