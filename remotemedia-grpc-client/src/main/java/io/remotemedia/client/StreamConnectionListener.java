package io.remotemedia.client;

/**
 * Hears a resumable stream's connection break and the stream resume, for every session of a
 * client (set with {@link RemoteMediaClient.Builder#streamConnectionListener}).
 *
 * <pre>{@code
 * RemoteMediaClient client = RemoteMediaClient.builder().target("10.0.0.5:50051")
 *     .resumeStreams(true)
 *     .streamConnectionListener(new StreamConnectionListener() {
 *       public void onDisconnected(String sessionId, RemoteMediaException cause) {
 *         log.warn("stream {} lost its connection, resuming: {}", sessionId, cause.getMessage());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Callbacks of one session run one at a time, in order with its {@link StreamListener}
 * callbacks, on a daemon thread of the SDK ({@code remotemedia-stream-listener-N}); they must
 * return quickly and must not throw (one that throws cancels the session).
 */
public interface StreamConnectionListener {
  /** Hears nothing. */
  StreamConnectionListener NONE = new StreamConnectionListener() {};

  /**
   * The connection of session {@code sessionId} broke; the SDK is resuming it. Sends block
   * meanwhile. Followed by {@link #onResumed} or by the session's failure.
   *
   * @param sessionId the id the server gave the session in its {@code ready}
   * @param cause the transport failure, as the SDK reports it
   */
  default void onDisconnected(String sessionId, RemoteMediaException cause) {}

  /**
   * Session {@code sessionId} continues on a new connection: {@code replayedResults} results
   * the server had sent into the broken connection are delivered again (each once), and the
   * chunks the server had not processed were sent again.
   *
   * @param sessionId the id the server gave the session in its {@code ready}
   * @param replayedResults how many results the server sent again; 0 or more
   */
  default void onResumed(String sessionId, long replayedResults) {}
}
