package io.remotemedia.server;

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
 * @param resumeWindowMs how long a resumable session is kept after its connection breaks, in
 *     ms (node state, unacknowledged results, the open-stream slot); 0 turns resuming off
 * @param resumeBufferBytes the most a resumable session may hold of results its client has
 *     not acknowledged, in bytes of encoded messages; a session that would hold more fails
 *     with RESOURCE_EXHAUSTED
 */
public record StreamSettings(long idleTimeoutMs, long maxSessionMs, ChunkThread chunkThread,
    long resumeWindowMs, long resumeBufferBytes) {
  /** The default idle timeout: 30 s. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** The default maximum session duration: 1 hour. */
  public static final long DEFAULT_MAX_SESSION_MS = 3_600_000;
  /** The default resume window: 30 s. */
  public static final long DEFAULT_RESUME_WINDOW_MS = 30_000;
  /** The default bound on a resumable session's unacknowledged results: 4 MiB. */
  public static final long DEFAULT_RESUME_BUFFER_BYTES = 4L << 20;

  /**
   * Checks every value.
   *
   * @param idleTimeoutMs how long a session may make no progress (no message from the client, and
   *     no result taken by the transport) before the server ends it with DEADLINE_EXCEEDED, in ms;
   *     time spent processing a chunk does not count
   * @param maxSessionMs the longest a session may stay open, in ms; also the pipeline timeout of
   *     the stream unless the client asks for less (the runner's maximum caps both)
   * @param chunkThread where chunks are processed; a stream's open always runs on a worker
   *     thread, and the runner's stream slots decide whether it opens
   * @param resumeWindowMs how long a resumable session is kept after its connection breaks, in
   *     ms; 0 turns resuming off
   * @param resumeBufferBytes the most a resumable session may hold of results its client has
   *     not acknowledged, in bytes; 1 or more
   * @throws IllegalArgumentException if a value is out of range
   */
  public StreamSettings {
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("idleTimeoutMs must be >= 1, was " + idleTimeoutMs);
    }
    if (maxSessionMs < 1) {
      throw new IllegalArgumentException("maxSessionMs must be >= 1, was " + maxSessionMs);
    }
    Objects.requireNonNull(chunkThread, "chunkThread");
    if (resumeWindowMs < 0) {
      throw new IllegalArgumentException("resumeWindowMs must be >= 0, was " + resumeWindowMs);
    }
    if (resumeBufferBytes < 1) {
      throw new IllegalArgumentException("resumeBufferBytes must be >= 1, was "
          + resumeBufferBytes);
    }
  }

  /**
   * Timeouts and chunk thread with the default resume window and buffer bound.
   *
   * @param idleTimeoutMs how long a session may make no progress before it ends, in ms; 1 or more
   * @param maxSessionMs the longest a session may stay open, in ms; 1 or more
   * @param chunkThread where chunks are processed
   */
  public StreamSettings(long idleTimeoutMs, long maxSessionMs, ChunkThread chunkThread) {
    this(idleTimeoutMs, maxSessionMs, chunkThread, DEFAULT_RESUME_WINDOW_MS,
        DEFAULT_RESUME_BUFFER_BYTES);
  }

  /**
   * {@return these settings with another resume window and buffer bound}
   *
   * @param windowMs how long a broken resumable session is kept, in ms; 0 turns resuming off
   * @param bufferBytes the bound on a session's unacknowledged results, in bytes; 1 or more
   */
  public StreamSettings withResume(long windowMs, long bufferBytes) {
    return new StreamSettings(idleTimeoutMs, maxSessionMs, chunkThread, windowMs, bufferBytes);
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
   * on the transport thread, resumable sessions kept {@value #DEFAULT_RESUME_WINDOW_MS} ms}
   */
  public static StreamSettings defaults() {
    return new StreamSettings(DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_SESSION_MS);
  }
}
