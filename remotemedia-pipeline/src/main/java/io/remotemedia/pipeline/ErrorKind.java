package io.remotemedia.pipeline;

/** The kinds of pipeline failure. Each {@link PipelineException} has exactly one. */
public enum ErrorKind {
  /** The manifest is malformed or invalid. */
  VALIDATION,
  /** The input audio is malformed or does not match the manifest. */
  INVALID_AUDIO,
  /** A node failed while it processed audio. */
  NODE_EXECUTION,
  /** A resource limit was exceeded. */
  RESOURCE_LIMIT,
  /** The runner is at capacity; retry later. */
  BUSY,
  /** The execution ran past its timeout. */
  TIMEOUT,
  /** The execution was cancelled. */
  CANCELLED,
  /** The two sides speak protocol versions that do not fit. */
  PROTOCOL_MISMATCH,
  /** Credentials were missing or wrong. */
  UNAUTHENTICATED,
  /** An unexpected failure: a bug. */
  INTERNAL,
  /**
   * The server is shutting down (draining) and ended this stream; reopen it, on another
   * replica if there is one. For a call the client sent as a stream on its own (a remote
   * {@code execute} of long audio), retry the call.
   */
  DRAINING,
  /**
   * The server could not be reached or the connection broke (a transport failure, not an
   * answer from the server); retry or reopen, on another replica if there is one.
   */
  UNAVAILABLE,
  /**
   * The calling client went past one of its own quotas (concurrent calls, open streams, audio
   * seconds per minute); {@link PipelineException#limit()} names the quota and its value, and
   * {@link PipelineException#retryAfterMs()} says when to try again. Other clients are not
   * affected.
   */
  QUOTA_EXCEEDED,
  /**
   * What the request names does not exist for this client: a stream session to resume whose
   * resume window has passed, that has ended, or that another client opened.
   */
  NOT_FOUND
}
