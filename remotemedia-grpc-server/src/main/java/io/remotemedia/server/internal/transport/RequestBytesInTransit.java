package io.remotemedia.server.internal.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of unary requests that have arrived and are not yet decoded, on the whole server,
 * and their bound ({@code server.max_request_bytes_in_transit}). grpc keeps every byte of a
 * message, in slices of the transport's read buffers, until the message is whole, and the
 * server until it has decoded it; before this nothing bounded their sum: six 40 MB requests
 * arriving at once on a server with a 256 MiB heap exhausted its direct memory, and the
 * transport closed their connection with INTERNAL_ERROR. The bound narrows that; it does not
 * end it, since the transport holds more than the bytes counted (docs/security.md).
 * Thread-safe.
 */
final class RequestBytesInTransit {
  /** The setting that sets the bound, as refusals name it. */
  static final String LIMIT = "server.max_request_bytes_in_transit";

  private final long max;
  private final AtomicLong used = new AtomicLong();

  /** @param max the most bytes in transit at once; at least 1 */
  RequestBytesInTransit(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    this.max = max;
  }

  /** {@return whether {@code bytes} more fit under the bound; if so they are counted} */
  boolean tryAdd(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > max) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} counted by {@link #tryAdd}. */
  void remove(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
