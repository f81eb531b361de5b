package io.remotemedia.client;

import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.StreamResult;

/**
 * Receives a {@link RemoteStreamSession}'s results as they arrive.
 *
 * <p>Callbacks run one at a time, in sequence order, on a daemon thread of the SDK
 * ({@code remotemedia-stream-listener-N}), not on grpc's callback thread: a listener that blocks
 * delays only its own later callbacks, and {@code send()} still fails as soon as the server
 * ends the session. The next result is requested from the server only after {@link #onResult}
 * returns, so a slow listener slows the server down instead of filling a buffer. Callbacks must
 * not throw; one that does (an exception, or an Error such as a failed assertion) cancels the
 * session, which fails with CANCELLED, what was thrown as its cause. Nor may a callback wait for
 * the session's {@code finish()} future: with a listener, that future completes on the same
 * thread, after the callbacks queued before it, so such a wait never ends. Call {@code
 * finish()} there and take the tails in {@link #onClosed}. The thread's context class loader is
 * the SDK's class loader, not that of the thread that opened the session, and it has none of
 * that thread's {@link InheritableThreadLocal} values.
 */
public interface StreamListener {
  /**
   * One chunk's output, in sequence order.
   *
   * @param result the audio each sink produced from one chunk, and the data outputs reported since
   *     the previous one
   */
  void onResult(StreamResult result);

  /**
   * The session closed normally: the tails and the metrics of the whole session.
   *
   * @param result the tails per sink, final data outputs and the metrics of the whole session
   */
  default void onClosed(ExecutionResult result) {}

  /**
   * The session failed or was cancelled; no further callbacks follow.
   *
   * @param error what went wrong, with its status code and error kind
   */
  default void onError(RemoteMediaException error) {}

  /**
   * The server is draining and ends the stream in {@code deadlineMs}; finish soon.
   *
   * @param deadlineMs how long until the server ends the stream, in ms
   */
  default void onDraining(long deadlineMs) {}
}
