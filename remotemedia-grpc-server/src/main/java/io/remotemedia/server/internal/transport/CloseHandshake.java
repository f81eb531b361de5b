package io.remotemedia.server.internal.transport;

import io.remotemedia.proto.StreamResponse;

/**
 * The end of a {@link StreamSession} after {@code close}: its last answer, {@code closed},
 * waits for both the pipeline's {@code closed} message and the client's half-close, so that a
 * message the client sends after close is read and refused (INVALID_ARGUMENT) rather than
 * dropped. The SDK half-closes with close; a client that waits for {@code closed} before it
 * half-closes gets it after {@link #CLOSE_WAIT_MS}, on the session's timer. A session resumed
 * on a new call waits for that call's half-close. A finished resumable session keeps its
 * {@code closed} for a late resume until it is forgotten. Not thread-safe; guarded by the
 * owning StreamSession's lock.
 */
final class CloseHandshake {
  /**
   * After {@code close}, how long the answer waits for the client's half-close, in ms, so that
   * a message sent after close is read and refused rather than silently dropped.
   */
  static final long CLOSE_WAIT_MS = 100;

  /** The pipeline's last answer; null until it finished, and once forgotten. */
  private StreamResponse closed;
  private boolean halfClosed;

  /** {@return whether {@code closed} may be sent now: the client half-closed after close} */
  boolean clientHalfClosed() {
    halfClosed = true;
    return closed != null;
  }

  /**
   * The pipeline finished with {@code closed}. {@return whether it may be sent now: the client
   * has half-closed; otherwise it waits for that, at most {@link #CLOSE_WAIT_MS}}
   */
  boolean pipelineClosed(StreamResponse closed) {
    this.closed = closed;
    return halfClosed;
  }

  /** The session moved to a new call, which has not half-closed. */
  void newCall() {
    halfClosed = false;
  }

  /** {@return the pipeline's {@code closed} message, or null before it finished} */
  StreamResponse closed() {
    return closed;
  }

  /** Forgets {@code closed}: nobody can resume the session any more. */
  void forget() {
    closed = null;
  }
}
