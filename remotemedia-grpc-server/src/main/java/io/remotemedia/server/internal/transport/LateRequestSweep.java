package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.server.internal.logging.StructuredMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Closes the unary calls whose request stopped coming ({@link RequestArrival}): a sweep every
 * second (or every timeout, if shorter) closes with TIMEOUT (DEADLINE_EXCEEDED) each call none
 * of whose request has come for the timeout, from its start or from its last bytes, naming
 * {@value RequestArrival#TIMEOUT_SETTING}. A call is closed between its timeout and two sweeps
 * later, since a sweep counts the quiet from when it saw the request's last bytes, not from
 * when they came.
 *
 * <p>Once the server drains ({@link #drain()}), the sweep closes with DRAINING (UNAVAILABLE)
 * each call quiet for {@link StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS} (or the timeout, if
 * shorter): such a call has done no work, and its client may as well send it to another
 * replica rather than hold the drain. One sweep serves every call, rather than a timer per
 * call: a call's own timer would wake the timer thread whenever the queue is empty (one unary
 * call at a time), a hand-off on every call. Thread-safe.
 */
final class LateRequestSweep {
  private static final Logger log = LogManager.getLogger(LateRequestSweep.class);

  /** The unary calls that wait, for the sweep that closes the late ones. */
  private final Set<CallArrival<?, ?>> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicLong timedOut = new AtomicLong();
  private final long timeoutMs;
  /** Set once by {@link #drain()}: from then on the sweep closes quiet calls much sooner. */
  private volatile boolean draining;

  /**
   * Starts the sweep on {@code timers}.
   *
   * @param timeout how long none of a unary request may come; positive, whole ms
   * @param timers runs the sweep
   */
  LateRequestSweep(Duration timeout, ScheduledExecutorService timers) {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
    }
    this.timeoutMs = timeout.toMillis();
    long periodMs = Math.min(1_000, timeoutMs);
    timers.scheduleWithFixedDelay(this::closeLate, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Sweeps {@code arrival} from now until it leaves the wait. */
  void watch(CallArrival<?, ?> arrival) {
    waiting.add(arrival);
    if (!arrival.isWaiting()) {
      waiting.remove(arrival); // It left before it was added.
    }
  }

  /** Stops sweeping {@code arrival}, which has left the wait. */
  void forget(CallArrival<?, ?> arrival) {
    waiting.remove(arrival);
  }

  /** From now on, closes the calls quiet for the drain's shorter wait, as drained. */
  void drain() {
    draining = true;
  }

  /** {@return how many unary calls were closed because their request stopped coming} */
  long timedOut() {
    return timedOut.get();
  }

  /**
   * Closes the unary calls none of whose request came for the timeout, or, once the server
   * drains, for {@link StreamRegistry#FIRST_MESSAGE_AT_DRAIN_MS}; on the timer thread. It never
   * throws: a scheduled task that throws is never run again, and every later late request
   * would then wait for ever.
   */
  private void closeLate() {
    long now = System.nanoTime();
    boolean drainingNow = draining;
    long quietNanos = TimeUnit.MILLISECONDS.toNanos(drainingNow
        ? Math.min(timeoutMs, StreamRegistry.FIRST_MESSAGE_AT_DRAIN_MS) : timeoutMs);
    for (CallArrival<?, ?> arrival : waiting) {
      if (arrival.quietFor(now, quietNanos)) {
        try {
          close(arrival, drainingNow);
        } catch (RuntimeException e) {
          // Broad on purpose, and only here: whatever one call's close throws, the others
          // must still be swept, now and every second from now on. The call has left the wait.
          log.error(StructuredMessage.of("request_arrival.sweep_failed", "closing a call"
              + " whose request did not arrive failed; the sweep goes on"), e);
        }
      }
    }
  }

  /** Closes the call whose request stopped coming: as drained, or as timed out. */
  private void close(CallArrival<?, ?> arrival, boolean drained) {
    if (drained) {
      if (arrival.leave(CallArrival.DRAINED)) {
        arrival.refuse(PipelineException.of(ErrorKind.DRAINING, "the server is shutting down,"
            + " and none of this call's request had come for "
            + StreamRegistry.FIRST_MESSAGE_AT_DRAIN_MS + " ms; send it again, to another"
            + " replica if there is one"));
      }
    } else if (arrival.leave(CallArrival.TIMED_OUT)) {
      timedOut.incrementAndGet();
      arrival.refuse(PipelineException.of(ErrorKind.TIMEOUT, "the request did not arrive:"
          + " none of it came within " + timeoutMs + " ms, from the call's start or from its"
          + " last bytes (" + RequestArrival.TIMEOUT_SETTING + ")"));
    }
  }
}
