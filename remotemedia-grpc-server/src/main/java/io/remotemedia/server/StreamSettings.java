package io.remotemedia.server;

import io.remotemedia.server.internal.transport.ChunkThread;
import java.util.Objects;

/**
 * Timeouts of StreamPipeline sessions, and where their chunks run. Immutable.
 *
 * @param idleTimeoutMs how long a session may make no progress (no message from the client,
 *     and no result taken by the transport) before the server ends it with DEADLINE_EXCEEDED,
 *     in ms; time spent processing a chunk does not count
 * @param maxSessionMs the longest a session may stay open, in ms; also the pipeline timeout
 *     of the stream unless the client asks for less (the runner's maximum caps both)
 * @param chunkThread where chunks are processed; a stream's open always runs on a worker
 *     thread, and the runner's stream slots decide whether it opens
 */
public record StreamSettings(long idleTimeoutMs, long maxSessionMs, ChunkThread chunkThread) {
  /** The default idle timeout: 30 s. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** The default maximum session duration: 1 hour. */
  public static final long DEFAULT_MAX_SESSION_MS = 3_600_000;

  /**
   * Checks every value.
   *
   * @param idleTimeoutMs how long a session may make no progress (no message from the client, and
   *     no result taken by the transport) before the server ends it with DEADLINE_EXCEEDED, in ms;
   *     time spent processing a chunk does not count
   * @param maxSessionMs the longest a session may stay open, in ms; also the pipeline timeout of
   *     the stream unless the client asks for less (the runner's maximum caps both)
   * @param chunkThread where chunks are processed; opening a stream always goes through the worker
   *     pool's admission
   */
  public StreamSettings {
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("idleTimeoutMs must be >= 1, was " + idleTimeoutMs);
    }
    if (maxSessionMs < 1) {
      throw new IllegalArgumentException("maxSessionMs must be >= 1, was " + maxSessionMs);
    }
    Objects.requireNonNull(chunkThread, "chunkThread");
  }

  /**
   * Timeouts with chunks processed on the {@linkplain ChunkThread#TRANSPORT transport}.
   *
   * @param idleTimeoutMs how long a session may make no progress before it ends, in ms; 1 or more
   * @param maxSessionMs the longest a session may stay open, in ms; 1 or more
   */
  public StreamSettings(long idleTimeoutMs, long maxSessionMs) {
    this(idleTimeoutMs, maxSessionMs, ChunkThread.TRANSPORT);
  }

  /**
   * {@return the defaults: {@value #DEFAULT_IDLE_TIMEOUT_MS} ms idle, 1 hour per session, chunks
   * on the transport thread}
   */
  public static StreamSettings defaults() {
    return new StreamSettings(DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_SESSION_MS);
  }
}
