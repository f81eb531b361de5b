package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.remotemedia.proto.StreamResponse;
import java.util.concurrent.TimeUnit;

/**
 * The flow control of the call a {@link StreamSession} answers on: the messages it has asked
 * the transport for and received, the one response that waits for the transport to become
 * ready, and when the session last made progress (a message in or a response out), which its
 * idle timeout measures. The session decides when to read and when a response may leave (not
 * while it is kept for a resume, not once it has ended); this class does the asking, holding
 * and counting. Not thread-safe; guarded by the owning StreamSession's lock.
 */
final class CallFlow {
  /** The call the session answers on; the last one attached while the session is kept. */
  private ServerCallStreamObserver<StreamResponse> call;
  private StreamResponse pending;
  private long received;
  private long requested;
  private long lastProgressNanos = System.nanoTime();

  CallFlow(ServerCallStreamObserver<StreamResponse> call) {
    this.call = call;
  }

  /** {@return the call the session answers on} */
  ServerCallStreamObserver<StreamResponse> call() {
    return call;
  }

  /** Moves the session to {@code next}, which counts as progress. */
  void attach(ServerCallStreamObserver<StreamResponse> next) {
    call = next;
    progressed();
  }

  /** Forgets what the session asked of earlier calls: the call it now has was asked nothing. */
  void clearOutstanding() {
    requested = received;
  }

  /** Counts a message the transport delivered. */
  void received() {
    received++;
    progressed();
  }

  /** Asks the transport for one more message. */
  void request() {
    requested++;
    call.request(1);
  }

  /** Holds {@code response} until {@link #sendPending()} finds the transport ready. */
  void hold(StreamResponse response) {
    pending = response;
  }

  /**
   * Gives the held response to the transport if it is ready; returns whether it did, in which
   * case the session may read on.
   */
  boolean sendPending() {
    if (pending != null && call.isReady()) {
      call.onNext(pending);
      pending = null;
      progressed();
      return true;
    }
    return false;
  }

  /** Forgets the held response: the session ended, or keeps it in its replay buffer. */
  void dropPending() {
    pending = null;
  }

  /** Notes progress that the idle timeout should not count as idle. */
  void progressed() {
    lastProgressNanos = System.nanoTime();
  }

  /** {@return the time since the last progress, in ms} */
  long idleMs() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressNanos);
  }

  /** Returns the session's progress; {@code kept}: it has no call to wait for. */
  StreamStatus status(String sessionId, boolean kept) {
    return new StreamStatus(sessionId, received, requested - received,
        pending == null ? 0 : 1, pending != null && !kept && !call.isReady());
  }
}
