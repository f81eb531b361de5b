package io.remotemedia.server.quota;

import java.util.function.LongSupplier;

/**
 * A token bucket of audio microseconds: it holds at most {@code capacityMicros} (a minute's
 * quota) and refills at {@code capacityMicros} per minute, continuously. A take that fits is
 * granted at once; one that does not is refused with the time until it would fit, and takes
 * nothing.
 *
 * <p>Thread-safe: each bucket has its own lock, held for a few arithmetic operations, so one
 * client's bucket never waits on another's. The clock is injected for tests.
 */
final class TokenBucket {
  /** The refill period: a bucket refills its whole capacity in this many ns. */
  static final long PERIOD_NANOS = 60_000_000_000L;
  /** What {@link #tryTake} returns for a take larger than the whole capacity. */
  static final long NEVER = Long.MAX_VALUE;

  private final LongSupplier nanoClock;
  // Guarded by this.
  private long capacityMicros;
  private double availableMicros;
  private long lastNanos;

  /**
   * A full bucket.
   *
   * @param capacityMicros the capacity and the refill per minute, in audio microseconds; 0 is
   *     unlimited
   * @param nanoClock a monotonic clock in ns, such as {@code System::nanoTime}
   */
  TokenBucket(long capacityMicros, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.capacityMicros = capacityMicros;
    this.availableMicros = capacityMicros;
    this.lastNanos = nanoClock.getAsLong();
  }

  /**
   * Takes {@code micros} if the bucket holds them.
   *
   * @return 0 if granted; otherwise the ns until the bucket would hold them (nothing is
   *     taken), or {@link #NEVER} if they are more than its capacity
   */
  synchronized long tryTake(long micros) {
    if (capacityMicros == 0 || micros <= 0) {
      return 0;
    }
    if (micros > capacityMicros) {
      return NEVER;
    }
    refill();
    if (availableMicros >= micros) {
      availableMicros -= micros;
      return 0;
    }
    double missing = micros - availableMicros;
    return Math.max(1, (long) Math.ceil(missing * PERIOD_NANOS / capacityMicros));
  }

  /** Returns the microseconds taken and not yet refilled: the minute's use so far. */
  synchronized long usedMicros() {
    refill();
    return (long) Math.ceil(capacityMicros - availableMicros);
  }

  /**
   * Changes the capacity (a reloaded quota), keeping what was used: the bucket holds the new
   * capacity minus the microseconds taken and not yet refilled, and at least nothing.
   */
  synchronized void resize(long newCapacityMicros) {
    if (newCapacityMicros == capacityMicros) {
      return;
    }
    refill();
    double used = capacityMicros - availableMicros;
    capacityMicros = newCapacityMicros;
    availableMicros = Math.max(0, newCapacityMicros - used);
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    long elapsed = now - lastNanos;
    lastNanos = now;
    if (elapsed > 0 && capacityMicros > 0) {
      availableMicros = Math.min(capacityMicros,
          availableMicros + (double) elapsed * capacityMicros / PERIOD_NANOS);
    }
  }
}
