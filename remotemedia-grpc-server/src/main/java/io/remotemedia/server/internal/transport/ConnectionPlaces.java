package io.remotemedia.server.internal.transport;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerTransportFilter;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Places for calls on each client connection, at most {@code max} taken at once, for the
 * interceptors that bound what one connection may hold. {@link #filter()} gives each
 * connection its own count; {@link #admit} starts a call with a place, or refuses it. A call on a
 * transport the filter did not see (an in-process transport in tests) is not counted.
 * Thread-safe.
 */
public final class ConnectionPlaces {
  private final Attributes.Key<AtomicInteger> key;
  private final int max;

  /**
   * @param name the name of the transport attribute that holds the count, for debugging
   * @param max the places of one connection; at least 1
   */
  public ConnectionPlaces(String name, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    this.key = Attributes.Key.create(name);
    this.max = max;
  }

  /** {@return the transport filter that gives each connection its own count, from 0} */
  public ServerTransportFilter filter() {
    return new ServerTransportFilter() {
      @Override
      public Attributes transportReady(Attributes attributes) {
        return attributes.toBuilder().set(key, new AtomicInteger()).build();
      }
    };
  }

  /**
   * Starts {@code call} with a place on its connection, held until {@code until} says, or,
   * when all are taken, closes it with {@code refusal} of the count it would have reached.
   *
   * @return the call's listener; one that hears nothing if the call was refused
   */
  public <ReqT, RespT> ServerCall.Listener<ReqT> admit(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next, Until until,
      IntFunction<PipelineException> refusal) {
    if (call.getAttributes().get(key) == null) {
      return next.startCall(call, headers);
    }
    Place place = take(call);
    if (place == null) {
      return StatusMapper.refuse(call, refusal.apply(max + 1));
    }
    // The call's context is cancelled however the call ends, also when an interceptor outside
    // this one fails it after it started here: no listener would hear of that end.
    Context.current().addListener(ended -> place.giveBack(), MoreExecutors.directExecutor());
    ServerCall.Listener<ReqT> delegate = next.startCall(call, headers);
    return until == Until.FIRST_MESSAGE ? new PlaceListener<>(delegate, place) : delegate;
  }

  /**
   * {@return a place on {@code call}'s connection, for the caller to give back; null, taking
   * nothing, when all {@code max} are taken} On a transport the filter did not see, a place
   * that counts nothing.
   */
  Place take(ServerCall<?, ?> call) {
    AtomicInteger taken = call.getAttributes().get(key);
    if (taken == null) {
      return new Place(null);
    }
    if (taken.incrementAndGet() > max) {
      taken.decrementAndGet();
      return null;
    }
    return new Place(taken);
  }

  /** When a call gives its place back. */
  public enum Until {
    /** When it ends. */
    CALL_ENDS,
    /** When its first message arrives (or it half-closes or ends without one). */
    FIRST_MESSAGE
  }

  /** One call's place, given back once. */
  static final class Place {
    /** Null when the call's transport is not counted. */
    private final AtomicInteger taken;
    private final AtomicBoolean given = new AtomicBoolean();

    private Place(AtomicInteger taken) {
      this.taken = taken;
    }

    void giveBack() {
      if (taken != null && given.compareAndSet(false, true)) {
        taken.decrementAndGet();
      }
    }
  }

  /** Gives a call's place back at its first message or half-close. */
  private static final class PlaceListener<ReqT>
      extends SimpleForwardingServerCallListener<ReqT> {
    private final Place place;

    PlaceListener(ServerCall.Listener<ReqT> delegate, Place place) {
      super(delegate);
      this.place = place;
    }

    @Override
    public void onMessage(ReqT message) {
      place.giveBack();
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      place.giveBack();
      super.onHalfClose();
    }
  }
}
