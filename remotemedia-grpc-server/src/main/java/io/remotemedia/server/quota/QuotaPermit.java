package io.remotemedia.server.quota;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A call's place in its client's count of calls or streams in progress. {@link #close()} gives
 * it back, once however often it is called, so every way a call ends may call it. Thread-safe.
 */
final class QuotaPermit implements AutoCloseable {
  private final AtomicInteger inProgress;
  private final AtomicBoolean released = new AtomicBoolean();

  QuotaPermit(AtomicInteger inProgress) {
    this.inProgress = inProgress;
  }

  /** Gives the place back; only the first call counts. */
  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      inProgress.decrementAndGet();
    }
  }
}
