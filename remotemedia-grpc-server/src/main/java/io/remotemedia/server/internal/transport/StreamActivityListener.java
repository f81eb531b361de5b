package io.remotemedia.server.internal.transport;

/**
 * Hears what open streams do, for metrics. Called on worker and transport threads; must be
 * quick and thread-safe. The server never drops a chunk (it stops reading instead), so a
 * chunk counted as dropped is one that arrived for a session that had already failed or been
 * cancelled.
 */
public interface StreamActivityListener {
  /** Hears nothing. */
  StreamActivityListener NONE = new StreamActivityListener() {};

  /** A session opened (it answered {@code ready}). */
  default void opened() {}

  /** A session ended, however it ended. */
  default void closed() {}

  /** An audio chunk was processed. */
  default void chunk() {}

  /** An audio chunk was not processed because its session had already ended. */
  default void dropped() {}

  /**
   * Decoding a chunk's Opus packets concealed {@code packets} lost packets (length 0) with
   * packet loss concealment, and the stream carried on.
   */
  default void concealed(long packets) {}

  /** A resumable session's connection broke, and the session is kept for its window. */
  default void kept() {}

  /** A kept session is no longer kept: it resumed, expired or was ended. */
  default void unkept() {}

  /**
   * A session resumed on a new call, replaying {@code replayedBytes} of results the client had
   * not received.
   */
  default void resumed(long replayedBytes) {}

  /** A kept session ended because its resume window passed. */
  default void expired() {}
}
