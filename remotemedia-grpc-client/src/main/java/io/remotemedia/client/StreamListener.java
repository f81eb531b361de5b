package io.remotemedia.client;

import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.StreamResult;

/**
 * Receives a {@link RemoteStreamSession}'s results as they arrive.
 *
 * <p>Callbacks run one at a time on the channel's executor, in sequence order. The next result
 * is requested from the server only after {@link #onResult} returns, so a slow listener slows
 * the server down instead of filling a buffer. Callbacks must not throw.
 */
public interface StreamListener {
  /** One chunk's output, in sequence order. */
  void onResult(StreamResult result);

  /** The session closed normally: the tails and the metrics of the whole session. */
  default void onClosed(ExecutionResult result) {}

  /** The session failed or was cancelled; no further callbacks follow. */
  default void onError(RemoteMediaException error) {}

  /** The server is draining and ends the stream in {@code deadlineMs}; finish soon. */
  default void onDraining(long deadlineMs) {}
}
