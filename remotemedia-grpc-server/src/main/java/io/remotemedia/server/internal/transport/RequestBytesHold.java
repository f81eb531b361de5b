package io.remotemedia.server.internal.transport;

/**
 * One unary request's share of the {@link RequestBytesInTransit}: its bytes count as they
 * arrive, while the bound leaves room for them, until {@link #close} gives them back (when the
 * request has been decoded, or the call ends). Once closed, nothing more is counted. Thread-safe.
 */
final class RequestBytesHold {
  private final RequestBytesInTransit inTransit;
  private long held;
  private boolean closed;

  RequestBytesHold(RequestBytesInTransit inTransit) {
    this.inTransit = inTransit;
  }

  /**
   * Counts {@code bytes} more of the request, if the bound has room for them.
   *
   * @param bytes the bytes that just arrived
   * @return false if it has no room for them (nothing counted); true if counted, or if this
   *     was closed
   */
  synchronized boolean add(long bytes) {
    if (closed) {
      return true;
    }
    if (!inTransit.tryAdd(bytes)) {
      return false;
    }
    held += bytes;
    return true;
  }

  /** Gives back everything counted; later bytes are not counted. */
  synchronized void close() {
    closed = true;
    inTransit.remove(held);
    held = 0;
  }
}
