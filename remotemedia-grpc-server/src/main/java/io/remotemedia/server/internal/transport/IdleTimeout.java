package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;

/**
 * A {@link StreamSession}'s idle timeout ({@code streams.idle_timeout_ms}): a session that
 * neither received a message nor gave a response to the transport for that long ends with
 * TIMEOUT. While a step runs (the session is busy) it is not idle, and the check comes back a
 * whole timeout later; otherwise it comes back when the timeout would run out. A session kept
 * for a resume is governed by its resume window instead. Immutable.
 */
final class IdleTimeout {
  private final long timeoutMs;

  /** @param timeoutMs how long a session may make no progress, in ms; 1 or more */
  IdleTimeout(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** {@return how long the session may make no progress, in ms} */
  long timeoutMs() {
    return timeoutMs;
  }

  /** {@return whether a session idle for {@code idleMs} has run out of time} */
  boolean ranOut(long idleMs, boolean busy) {
    return !busy && idleMs >= timeoutMs;
  }

  /** {@return the delay until the next check of a session idle for {@code idleMs}, in ms} */
  long nextCheckMs(long idleMs, boolean busy) {
    return Math.max(1, busy ? timeoutMs : timeoutMs - idleMs);
  }

  /**
   * {@return the error that ends a session idle for {@code idleMs}}
   *
   * @param named the session as a client's error names it ("stream ID")
   */
  PipelineException ending(String named, long idleMs) {
    return PipelineException.of(ErrorKind.TIMEOUT, named + " was idle for " + idleMs
        + " ms: no message from the client and no result read within the idle timeout of "
        + timeoutMs + " ms");
  }
}
