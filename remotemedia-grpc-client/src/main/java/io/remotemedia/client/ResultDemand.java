package io.remotemedia.client;

import io.grpc.stub.ClientCallStreamObserver;

/**
 * How many results a {@link RemoteStreamSession} lets the server send ahead of its consumer,
 * kept across the calls of a resumed session: results received and not yet taken, plus what
 * the current call may still deliver, stay at {@code prefetch}. A consumer that takes a result
 * while a resume call is starting (grpc refuses {@code request} on a call not yet started)
 * has its request held until the call starts. Thread-safe.
 */
final class ResultDemand {
  private final int prefetch;

  // Guarded by this.
  private ClientCallStreamObserver<?> call;
  private boolean started;
  /** Results taken while {@link #call} was starting: requested once it has started. */
  private int owed;
  /** Results received on any call of the session and not yet taken by the consumer. */
  private int untaken;
  /** When the consumer last made room for a result the server could not send, by nanoTime. */
  private long roomMadeAtNanos = System.nanoTime();

  ResultDemand(int prefetch) {
    this.prefetch = prefetch;
  }

  /**
   * {@return the messages {@code next} may deliver before the consumer takes any: one for
   * {@code ready} or {@code resumed}, and room for results up to {@code prefetch}} Called from
   * the call's {@code beforeStart}; {@code next} becomes the call takes go to.
   */
  synchronized int beforeStart(ClientCallStreamObserver<?> next) {
    call = next;
    started = false;
    owed = 0; // The untaken count below already leaves room for them.
    return 1 + Math.max(0, prefetch - untaken);
  }

  /** The call has started: it may now be asked for the results taken meanwhile. */
  void started(ClientCallStreamObserver<?> startedCall) {
    int requests;
    synchronized (this) {
      if (call != startedCall) {
        return; // A newer call took over; its first request counted everything.
      }
      started = true;
      requests = owed;
      owed = 0;
    }
    if (requests > 0) {
      startedCall.request(requests);
    }
  }

  /**
   * {@return whether the server may send a result now: the consumer has taken enough that
   * the current call has results requested}
   */
  synchronized boolean serverMaySend() {
    return untaken < prefetch;
  }

  /**
   * {@return when the server last became free to send a result it could not send before, by
   * {@link System#nanoTime()}: the consumer took one of {@code prefetch} untaken results}
   * Anything the server owed before then could not come, so a wait for it starts then.
   */
  synchronized long roomMadeAtNanos() {
    return roomMadeAtNanos;
  }

  /** A result arrived for the consumer (not a replayed duplicate). */
  synchronized void received() {
    untaken++;
  }

  /** The consumer took a result: the server may send one more. */
  void taken() {
    ClientCallStreamObserver<?> target;
    synchronized (this) {
      if (untaken-- == prefetch) {
        roomMadeAtNanos = System.nanoTime();
      }
      if (!started) {
        owed++;
        return;
      }
      target = call;
    }
    // If a newer call began meanwhile, this goes to the old one and is lost, as it should be:
    // the newer call's first request already left room for the result taken here.
    target.request(1);
  }
}
