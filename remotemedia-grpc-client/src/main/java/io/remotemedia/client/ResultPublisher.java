package io.remotemedia.client;

import io.remotemedia.pipeline.StreamResult;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Flow.Publisher} view of a session's results, for one subscriber. Each result the
 * subscriber takes lets the server send one more, so the subscriber's demand is the flow
 * control; the session holds at most its prefetch of results meanwhile.
 *
 * <p>Signals are serialized by a drain loop (whoever increments {@code wip} from 0 runs it),
 * as Reactive Streams rule 1.3 asks, and none follows a terminal signal or a cancel (rules 1.7
 * and 3.6), the error of a {@code request(n)} with n <= 0 included.
 */
final class ResultPublisher implements Flow.Publisher<StreamResult> {
  private final RemoteStreamSession session;
  private final ResultDelivery results;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile Flow.Subscriber<? super StreamResult> subscriber;
  /** Once set, cancels the session and fails the subscriber, unless it has ended already. */
  private volatile IllegalArgumentException invalidRequest;
  /** A terminal signal went out, or the subscriber cancelled: no signal may follow. */
  private volatile boolean done;

  ResultPublisher(RemoteStreamSession session, ResultDelivery results) {
    this.session = session;
    this.results = results;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super StreamResult> s) {
    // Rule 1.9; checked first, so that a null takes no subscriber's place.
    Objects.requireNonNull(s, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      s.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      s.onError(new IllegalStateException("a stream's results have one subscriber only"));
      return;
    }
    subscriber = s;
    s.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n <= 0) {
          // Signalled by the drain loop, which knows whether a terminal signal went out.
          invalidRequest = new IllegalArgumentException(
              "request(n) needs n > 0, was " + n + " (Reactive Streams rule 3.9)");
          drain();
          return;
        }
        demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        drain();
      }

      @Override
      public void cancel() {
        if (!done) {
          done = true;
          session.cancel();
        }
      }
    });
    drain();
  }

  /** Delivers what the inbox holds and the subscriber wants; safe from any thread. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      Flow.Subscriber<? super StreamResult> s = subscriber;
      IllegalArgumentException invalid = invalidRequest;
      if (s != null && !done && invalid != null) {
        done = true;
        session.cancel();
        s.onError(invalid);
      }
      while (s != null && !done) {
        Object item = results.pollFor(demand.get());
        if (item == null) {
          break;
        }
        if (item instanceof StreamResult result) {
          demand.decrementAndGet();
          deliver(s, result);
          results.resultTaken();
        } else if (item instanceof RemoteMediaException error) {
          done = true;
          s.onError(error);
        } else {
          done = true;
          s.onComplete();
        }
      }
    } while (wip.decrementAndGet() != 0);
  }

  /**
   * A subscriber that throws breaks rule 2.13: its subscription then counts as cancelled, so the
   * session is cancelled, and the failure goes to whoever made the drain run. Before, the drain
   * loop stayed claimed by the call that threw, so no signal went out again, and the call stayed
   * open on the server.
   */
  private void deliver(Flow.Subscriber<? super StreamResult> s, StreamResult result) {
    try {
      s.onNext(result);
    } catch (RuntimeException broken) {
      done = true;
      session.cancel();
      throw broken;
    }
  }
}
