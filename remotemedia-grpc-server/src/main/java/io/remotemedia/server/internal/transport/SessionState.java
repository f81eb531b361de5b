package io.remotemedia.server.internal.transport;

/**
 * Where a {@link StreamSession} is in its life. It moves only forward, except that a resumed
 * session carries on in the state it was kept in; a session that is kept for a resume keeps
 * its state, and {@link ResumeState} says that it is kept.
 */
enum SessionState {
  /** The call has sent nothing yet; the session waits for {@code open} or {@code resume}. */
  AWAITING_OPEN,
  /** The pipeline opens on a worker, or the kept session a {@code resume} names is sought. */
  OPENING,
  /** The session answered {@code ready} and takes chunks until {@code close}. */
  OPEN,
  /** The client sent {@code close}: the pipeline flushes, and {@code closed} is due. */
  CLOSING,
  /** The session has answered its last message, failed, expired or forwarded its call. */
  DONE
}
