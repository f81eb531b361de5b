package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The resumable sessions of a server by resume token, and the tokens that expired lately (so
 * that a late resume is told its window passed). A token is a 192-bit secret from {@link
 * SecureRandom}; a session answers only the client (token identity) that opened it, and any
 * other client is told NOT_FOUND exactly as for an unknown token, so the answer leaks nothing
 * about another client's sessions. Thread-safe.
 */
final class ResumableSessions {
  /** Expired tokens remembered for a clear NOT_FOUND message; older ones are forgotten. */
  private static final int REMEMBERED_EXPIRIES = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Owned(StreamSession session, String clientName) {}

  private record Expiry(String clientName, long windowMs, long atNanos) {}

  private final Map<String, Owned> byToken = new ConcurrentHashMap<>();
  private final Map<String, Expiry> expired = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Expiry> eldest) {
      return size() > REMEMBERED_EXPIRIES;
    }
  };

  /** Registers {@code session}, opened by {@code clientName}, and returns its new token. */
  String register(StreamSession session, String clientName) {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byToken.put(token, new Owned(session, clientName));
    return token;
  }

  /**
   * Returns the session {@code token} resumes for {@code clientName}.
   *
   * @throws PipelineException NOT_FOUND when no such session is kept for this client
   */
  StreamSession find(String token, String clientName) {
    Owned owned = byToken.get(token);
    if (owned != null && owned.clientName().equals(clientName)) {
      return owned.session();
    }
    Expiry expiry;
    synchronized (expired) {
      expiry = expired.get(token);
    }
    if (owned == null && expiry != null && expiry.clientName().equals(clientName)) {
      long agoMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - expiry.atNanos());
      throw PipelineException.of(ErrorKind.NOT_FOUND, "the stream session's resume window of "
          + expiry.windowMs() + " ms passed " + agoMs + " ms ago and the server ended it;"
          + " open a new stream");
    }
    throw PipelineException.of(ErrorKind.NOT_FOUND, "no stream session to resume for this"
        + " token: it has ended, its resume window passed, or it was never opened by this"
        + " client; open a new stream");
  }

  /** {@return the sessions that can be resumed now, or replayed once more when finished} */
  List<StreamSession> sessions() {
    return byToken.values().stream().map(Owned::session).toList();
  }

  /** Forgets {@code token}: its session has ended. */
  void remove(String token) {
    byToken.remove(token);
  }

  /** Forgets {@code token} because its resume window of {@code windowMs} passed. */
  void expire(String token, String clientName, long windowMs) {
    byToken.remove(token);
    synchronized (expired) {
      expired.put(token, new Expiry(clientName, windowMs, System.nanoTime()));
    }
  }
}
