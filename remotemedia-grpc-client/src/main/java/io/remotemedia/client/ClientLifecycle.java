package io.remotemedia.client;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a {@link RemoteMediaClient} is closed, the streaming sessions it has open, and its
 * close: the channel it owns is shut down, and the sessions that outlast the wait for calls to
 * finish are cancelled. A client over a caller's channel owns none, and is never closed.
 * Thread-safe.
 */
final class ClientLifecycle {
  /** The channel the client built and shuts down; null for a caller's channel. */
  private final ManagedChannel ownedChannel;
  /** The sessions opened and not yet ended, which {@link #close()} ends. */
  private final Set<RemoteStreamSession> openSessions = ConcurrentHashMap.newKeySet();

  ClientLifecycle(ManagedChannel ownedChannel) {
    this.ownedChannel = ownedChannel;
  }

  /**
   * Refuses a call on a closed client, a mistake retrying cannot fix.
   *
   * @throws IllegalStateException if the client has been closed
   */
  void requireOpen() {
    if (isClosed()) {
      throw new IllegalStateException("this RemoteMediaClient is closed; build a new one");
    }
  }

  /**
   * Refuses the next attempt of a call that was in flight when the client was closed (it
   * paused between attempts): such a call fails as one the close cut, not as a call made on
   * a closed client.
   *
   * @throws RemoteMediaException CANCELLED (kind CANCELLED) if the client has been closed
   */
  void requireOpenForNextAttempt() {
    if (isClosed()) {
      throw StatusTranslator.of(Status.Code.CANCELLED, PipelineException.builder(
          ErrorKind.CANCELLED, "the call was cancelled because its client was closed"
              + " (RemoteMediaClient.close()) while it waited to be made again"));
    }
  }

  private boolean isClosed() {
    return ownedChannel != null && ownedChannel.isShutdown();
  }

  /** Keeps {@code session} for {@link #close()} until it ends; returns it. */
  RemoteStreamSession track(RemoteStreamSession session) {
    openSessions.add(session);
    session.ended().whenComplete((result, failure) -> openSessions.remove(session));
    return session;
  }

  /** As {@link RemoteMediaClient#close()}. */
  void close() {
    if (ownedChannel == null) {
      return;
    }
    ownedChannel.shutdown();
    try {
      if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
        // A stream cut by shutdownNow looks like a broken connection to a server that keeps
        // sessions for a resume: it would hold each one's stream slot for its resume window.
        // So open sessions are cancelled, which tells such a server by message, and given a
        // second for it.
        openSessions.forEach(RemoteStreamSession::cancel);
        ownedChannel.awaitTermination(1, TimeUnit.SECONDS);
        ownedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void shutdownNow() {
    openSessions.forEach(RemoteStreamSession::cancel);
    ownedChannel.shutdownNow();
  }
}
