package io.remotemedia.server.quota;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call's place among its client's calls or streams in progress: taken when the call starts,
 * or, for a stream that may resume a session ({@link ClientQuotaState#awaitStreamPlace}),
 * waited for until the call {@link #take}s one. {@link #release()} gives back whatever the call
 * holds, once, however the call ends. Thread-safe.
 */
final class CallPlace {
  /** What {@link #place} holds once the call has ended. */
  private static final QuotaPermit ENDED = new QuotaPermit(new AtomicInteger());

  private final ClientQuotaState state;
  /** The call's place: null while it waits for one. */
  private final AtomicReference<QuotaPermit> place;
  /** The call's count among the streams waiting for a place; null for a call that took one. */
  private final QuotaPermit waiting;

  private CallPlace(ClientQuotaState state, QuotaPermit place, QuotaPermit waiting) {
    this.state = state;
    this.place = new AtomicReference<>(place);
    this.waiting = waiting;
  }

  /** {@return the place of a call that took {@code permit} when it started} */
  static CallPlace taken(QuotaPermit permit) {
    return new CallPlace(null, permit, null);
  }

  /**
   * {@return the place of a stream of {@code state}'s client that waits for one, counted among
   * the waiting by {@code waiting}}
   */
  static CallPlace awaited(ClientQuotaState state, QuotaPermit waiting) {
    return new CallPlace(state, null, waiting);
  }

  /** {@return whether the call still waits for its place} */
  boolean isAwaited() {
    return place.get() == null;
  }

  /**
   * Takes a stream place for a call that waits for one; does nothing for a call that has its
   * place or has ended.
   *
   * @throws QuotaRefusal if the client still has as many streams open as its quota allows
   */
  void take() {
    if (place.get() != null) {
      return;
    }
    QuotaPermit permit = state.start(true);
    if (place.compareAndSet(null, permit)) {
      waiting.close();
    } else {
      permit.close(); // The call ended meanwhile.
    }
  }

  /** Gives back the call's place, or its count among the waiting; only the first call counts. */
  void release() {
    QuotaPermit held = place.getAndSet(ENDED);
    if (held != null) {
      held.close();
    }
    if (waiting != null) {
      waiting.close();
    }
  }
}
