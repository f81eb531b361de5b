package io.remotemedia.server.transport;

/**
 * Timeouts of StreamPipeline sessions. Immutable.
 *
 * @param idleTimeoutMs how long a session may make no progress (no message from the client,
 *     and no result taken by the transport) before the server ends it with DEADLINE_EXCEEDED,
 *     in ms; time spent processing a chunk does not count
 * @param maxSessionMs the longest a session may stay open, in ms; also the pipeline timeout
 *     of the stream unless the client asks for less (the runner's maximum caps both)
 */
public record StreamSettings(long idleTimeoutMs, long maxSessionMs) {
  /** The default idle timeout: 30 s. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** The default maximum session duration: 1 hour. */
  public static final long DEFAULT_MAX_SESSION_MS = 3_600_000;

  public StreamSettings {
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("idleTimeoutMs must be >= 1, was " + idleTimeoutMs);
    }
    if (maxSessionMs < 1) {
      throw new IllegalArgumentException("maxSessionMs must be >= 1, was " + maxSessionMs);
    }
  }

  /** Returns the defaults: {@value #DEFAULT_IDLE_TIMEOUT_MS} ms idle, 1 hour per session. */
  public static StreamSettings defaults() {
    return new StreamSettings(DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_SESSION_MS);
  }
}
