package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of unary requests that have arrived and are not yet decoded, on the whole server,
 * and their bound ({@code server.max_request_bytes_in_transit}). grpc keeps every byte of a
 * message, in slices of the transport's read buffers, until the message is whole, and the
 * server until it has decoded it; before this nothing bounded their sum: six 40 MB requests
 * arriving at once on a server with a 256 MiB heap exhausted its direct memory, and the
 * transport closed their connection with INTERNAL_ERROR. The bound narrows that; it does not
 * end it, since the transport holds more than the bytes counted (docs/security.md). It also
 * words, and counts, the refusals of requests that found no room. Thread-safe.
 */
final class RequestBytesInTransit {
  /** The setting that sets the bound, as refusals name it. */
  static final String LIMIT = "server.max_request_bytes_in_transit";

  private final long max;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

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

  /**
   * {@return the BUSY refusal of a request for which there was no room; it counts in {@link
   * #refused()}}
   *
   * @param arrived the bytes of the request that had come, the part that found no room included
   */
  PipelineException refusal(long arrived) {
    refused.incrementAndGet();
    return PipelineException.builder(ErrorKind.BUSY, "the server has " + used()
            + " bytes of requests arriving, and no room under its bound of " + max + " ("
            + LIMIT + ") for more of this one (" + arrived + " bytes of it had come); retry after "
            + PipelineGrpcService.BUSY_RETRY_AFTER_MS + " ms")
        .limit(new LimitViolation(LIMIT, max, used() + arrived))
        .retryAfterMs(PipelineGrpcService.BUSY_RETRY_AFTER_MS)
        .build();
  }

  /** {@return how many requests were refused because their bytes found no room} */
  long refused() {
    return refused.get();
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
