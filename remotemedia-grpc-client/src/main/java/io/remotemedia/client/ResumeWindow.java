package io.remotemedia.client;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The time a resumable {@link RemoteStreamSession} whose call broke has to resume: the
 * server's resume window, which its {@code ready} gives. It opens on the break, and keeps it
 * to tell with the failure that may follow; it counts the resume attempts made in it, which
 * set the pause before the next ({@link #backoffMs}), and its timer fails the
 * session when it passes. It closes when the server answers {@code resumed}, and its timer
 * leaves when the session ends, rather than hold the session until the window would pass.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * the others take it themselves.
 */
final class ResumeWindow {
  /** The longest pause between two resume attempts, in ms. */
  static final long MAX_BACKOFF_MS = 500;

  private final Object lock;
  private long lengthMs;
  private int attempts;
  private ScheduledFuture<?> deadline;
  /** The break the session is resuming from: null while connected. */
  private RemoteMediaException outage;

  /** @param lock the session's lock, which guards what is kept here */
  ResumeWindow(Object lock) {
    this.lock = lock;
  }

  /** The server's resume window, from its {@code ready}, in ms. */
  void lengthMsLocked(long lengthMs) {
    this.lengthMs = lengthMs;
  }

  /** {@return the server's resume window, in ms} */
  long lengthMsLocked() {
    return lengthMs;
  }

  /**
   * The call broke with {@code cause}: the window opens, with no attempt made yet, and {@code
   * passed} runs on the timer thread when it passes, unless it closed first.
   */
  void openLocked(RemoteMediaException cause, Runnable passed) {
    outage = cause;
    attempts = 0;
    deadline = SdkTimer.schedule(passed, lengthMs);
  }

  /** {@return the pause before the next attempt, and at least {@code atLeastMs}, in ms} */
  long nextPauseMsLocked(long atLeastMs) {
    long backoffMs = Math.max(atLeastMs, backoffMs(attempts));
    attempts++;
    return backoffMs;
  }

  /** {@return the pause before resume attempt {@code attempt} (0 for the first), in ms} */
  static long backoffMs(int attempt) {
    return Math.min(MAX_BACKOFF_MS, attempt == 0 ? 0 : 10L << Math.min(6, attempt));
  }

  /**
   * {@return the least pause, in ms, before the attempt that follows one the server refused
   * as busy, with a retry hint of {@code retryAfterMs}} The pause doubles with each attempt,
   * up to 16 times the hint: each refused call is a stream reset, which the server counts
   * against the connection (server.max_stream_resets_per_10s), and many sessions may share
   * one.
   */
  long busyPauseMsLocked(long retryAfterMs) {
    return retryAfterMs << Math.min(attempts, 4);
  }

  /** The session resumed: the window closes, and its timer leaves. */
  void closeLocked() {
    outage = null;
    deadline.cancel(false);
  }

  /** The session has ended: the window's timer, if it is open, leaves. */
  void sessionEnded() {
    synchronized (lock) {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  /** {@return the failure of a session whose window passed since the break {@code cause}} */
  RemoteMediaException passed(RemoteMediaException cause) {
    long windowMs;
    synchronized (lock) {
      windowMs = lengthMs;
    }
    return new RemoteMediaException(cause.code(), PipelineException.builder(
        ErrorKind.UNAVAILABLE,
        "the connection broke and the stream was not resumed within the server's resume window"
            + " of " + windowMs + " ms: " + cause.getMessage()).cause(cause));
  }

  /**
   * {@return {@code error}, the resume's answer that ends the session, told with the break the
   * session was resuming from, if it was resuming: the answer (NOT_FOUND from a replica that
   * does not have the session) says nothing of why the session resumed}
   * The result keeps {@code error}'s code and kind, and has it as its cause.
   */
  RemoteMediaException explainLocked(RemoteMediaException error) {
    if (outage == null) {
      return error;
    }
    return StatusTranslator.of(error.code(), PipelineException.builder(error.kind(),
        error.getMessage() + "; the stream was resuming after this: " + outage.getMessage())
        .retryAfterMs(error.retryAfterMs()).cause(error));
  }

  /** {@return the break the session was resuming from, if it is resuming} */
  Optional<RemoteMediaException> outage() {
    synchronized (lock) {
      return Optional.ofNullable(outage);
    }
  }
}
