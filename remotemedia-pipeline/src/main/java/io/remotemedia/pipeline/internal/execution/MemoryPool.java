package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of buffers a runner allows all its pipelines together. Each pipeline takes room
 * through its own {@link Lease} before it allocates (node by node while it is planned, then as
 * its outputs grow) and gives it all back when it ends. Every call stays within its own {@code
 * max_memory_bytes}; this bounds their sum, so that many calls at once cannot take more heap
 * than the process has.
 */
final class MemoryPool implements BufferMemory {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param limitBytes the most bytes held at once; at least 1
   */
  MemoryPool(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes must be >= 1, was " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  @Override
  public long limitBytes() {
    return limitBytes;
  }

  @Override
  public long usedBytes() {
    return used.get();
  }

  @Override
  public Hold hold(long bytes) {
    checkBytes(bytes);
    Lease lease = new Lease();
    lease.take(bytes);
    return lease;
  }

  @Override
  public Optional<Hold> tryHold(long bytes) {
    checkBytes(bytes);
    Lease lease = new Lease();
    return lease.tryTake(bytes) ? Optional.of(lease) : Optional.empty();
  }

  private static void checkBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
  }

  /** {@return a new lease, holding nothing yet} */
  Lease lease() {
    return new Lease();
  }

  /** The room one pipeline holds. Thread-safe; closing it twice gives back once. */
  final class Lease implements Hold {
    private long held;
    private boolean closed;

    /** {@return the pool's limit, in bytes} */
    long poolLimit() {
      return limitBytes;
    }

    /** {@return the bytes the pool's leases hold now, this one's included} */
    long poolUsed() {
      return used.get();
    }

    /** {@return the bytes this lease holds} */
    synchronized long held() {
      return held;
    }

    /**
     * Takes {@code bytes} more if the pool has room for them now.
     *
     * @return false, taking nothing, when the pool has not
     */
    synchronized boolean tryTake(long bytes) {
      requireOpen();
      long now;
      do {
        now = used.get();
        if (bytes > limitBytes - now) {
          return false;
        }
      } while (!used.compareAndSet(now, now + bytes));
      held += bytes;
      return true;
    }

    /**
     * Takes {@code bytes} more whether or not the pool has room: for a stream already admitted,
     * whose growth is counted but not refused.
     */
    synchronized void take(long bytes) {
      requireOpen();
      used.addAndGet(bytes);
      held += bytes;
    }

    // Work that outlives its call's lease ends as cancelled, rather than count memory that no
    // one gives back. A guard: calls close their lease only once all their work has left.
    private void requireOpen() {
      if (closed) {
        throw PipelineException.of(ErrorKind.CANCELLED,
            "the call ended (cancelled) while it was running; its memory is given back");
      }
    }

    /** Gives back everything this lease holds. */
    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        used.addAndGet(-held);
        held = 0;
      }
    }
  }
}
