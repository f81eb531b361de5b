package io.remotemedia.server.internal.transport;

import io.grpc.ServerCall;
import io.grpc.ServerTransportFilter;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The places of the calls that wait for their first message ({@link RequestArrival}): {@code
 * max} on the whole server, of which one client connection may take {@code maxPerConnection},
 * so that one connection's silent calls cannot take every place and starve the other
 * connections' new calls. A call that finds no place is refused as BUSY with a retry hint: the
 * places come free as soon as the waiting calls' requests arrive. A call on a transport that
 * {@link #connectionFilter()} did not see (an in-process transport) counts only on the whole
 * server. Thread-safe.
 */
final class AwaitingRequestPlaces {
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedOnConnection = new AtomicLong();
  private final ConnectionPlaces onConnection;
  private final int max;
  private final int maxPerConnection;

  /**
   * @param max places on the whole server; at least 1
   * @param maxPerConnection places one connection may take; from 1 to {@code max}
   */
  AwaitingRequestPlaces(int max, int maxPerConnection) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    if (maxPerConnection < 1 || maxPerConnection > max) {
      throw new IllegalArgumentException("maxPerConnection must be from 1 to max (" + max
          + "), was " + maxPerConnection);
    }
    this.max = max;
    this.maxPerConnection = maxPerConnection;
    this.onConnection =
        new ConnectionPlaces("remotemedia-calls-awaiting-request", maxPerConnection);
  }

  /** {@return the transport filter that gives each connection its own count} */
  ServerTransportFilter connectionFilter() {
    return onConnection.filter();
  }

  /**
   * {@return a place for {@code call}, on its connection and on the server}
   *
   * @throws PipelineException BUSY, naming the limit, its value and the count it would have
   *     reached, when its connection has taken its share or the server has none free
   */
  Place take(ServerCall<?, ?> call) {
    int count = waiting.incrementAndGet();
    if (count > max) {
      waiting.decrementAndGet();
      refused.incrementAndGet();
      throw busy("the server has " + max + " calls waiting for their first message, the most"
          + " it holds (" + RequestArrival.LIMIT + ");",
          new LimitViolation(RequestArrival.LIMIT, max, count));
    }
    ConnectionPlaces.Place connectionPlace = onConnection.take(call);
    if (connectionPlace == null) {
      waiting.decrementAndGet();
      refusedOnConnection.incrementAndGet();
      throw busy("this connection has " + maxPerConnection + " calls waiting for their first"
          + " message, the most one connection may have (" + RequestArrival.LIMIT_PER_CONNECTION
          + "); send their requests, or", new LimitViolation(
              RequestArrival.LIMIT_PER_CONNECTION, maxPerConnection, maxPerConnection + 1L));
    }
    return new Place(connectionPlace);
  }

  private static PipelineException busy(String text, LimitViolation limit) {
    return PipelineException.builder(ErrorKind.BUSY, text + " retry after "
            + PipelineGrpcService.BUSY_RETRY_AFTER_MS + " ms")
        .limit(limit)
        .retryAfterMs(PipelineGrpcService.BUSY_RETRY_AFTER_MS)
        .build();
  }

  int waiting() {
    return waiting.get();
  }

  int max() {
    return max;
  }

  int maxPerConnection() {
    return maxPerConnection;
  }

  long refused() {
    return refused.get();
  }

  long refusedOnConnection() {
    return refusedOnConnection.get();
  }

  /** One call's place, on the server and on its connection; given back once. */
  final class Place {
    private final ConnectionPlaces.Place connectionPlace;
    private final AtomicBoolean given = new AtomicBoolean();

    private Place(ConnectionPlaces.Place connectionPlace) {
      this.connectionPlace = connectionPlace;
    }

    void giveBack() {
      if (given.compareAndSet(false, true)) {
        waiting.decrementAndGet();
        connectionPlace.giveBack();
      }
    }
  }
}
