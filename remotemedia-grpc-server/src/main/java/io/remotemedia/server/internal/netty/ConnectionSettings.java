package io.remotemedia.server.internal.netty;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server treats connections. Immutable.
 *
 * @param keepAliveTime how long a connection may be silent before the server pings it
 * @param keepAliveTimeout how long the server waits for the ping's answer before closing
 * @param permitKeepAliveTime the shortest ping interval a client may use; clients that ping
 *     more often are disconnected. Must not exceed the clients' keepAliveTime (the SDK's is
 *     {@code RemoteMediaClient.DEFAULT_KEEP_ALIVE_TIME}, 30 s).
 * @param maxConnectionAge a connection is asked to go away (GOAWAY) after this long, so that
 *     clients reconnect and load spreads over new replicas
 * @param maxConnectionAgeGrace how long calls on such a connection may still run before it is
 *     closed
 * @param handshakeTimeout how long a new connection has to finish its TLS handshake and send
 *     the HTTP/2 preface and settings before it is closed; a silent connection lasts this long
 * @param maxConnections the most TCP connections open at once; more are closed on accept
 * @param maxResetsPerWindow the most streams a connection may reset (RST_STREAM, the client's
 *     or the server's) within {@code resetWindow}; one more closes the connection with GOAWAY
 *     ENHANCE_YOUR_CALM. A client's reset of a stream the server has already ended is not
 *     counted ({@code EndedStreamResets}). It bounds HTTP/2's "rapid reset" (CVE-2023-44487):
 *     a call that is opened and reset at once costs the server its interceptors and counters
 *     but the client only 40 bytes
 * @param resetWindow the window {@code maxResetsPerWindow} counts in; whole seconds
 */
public record ConnectionSettings(
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Duration handshakeTimeout,
    int maxConnections,
    int maxResetsPerWindow,
    Duration resetWindow) {

  /**
   * Validates the settings.
   *
   * @param keepAliveTime how long a connection may be silent before the server pings it
   * @param keepAliveTimeout how long the server waits for the ping's answer before closing
   * @param permitKeepAliveTime the shortest ping interval a client may use; clients that ping more
   *     often are disconnected. Must not exceed the clients' keepAliveTime (the SDK's is {@code
   *     RemoteMediaClient.DEFAULT_KEEP_ALIVE_TIME}, 30 s).
   * @param maxConnectionAge a connection is asked to go away (GOAWAY) after this long, so that
   *     clients reconnect and load spreads over new replicas
   * @param maxConnectionAgeGrace how long calls on such a connection may still run before it is
   *     closed
   * @param handshakeTimeout how long a new connection has to finish its TLS handshake and send the
   *     HTTP/2 preface and settings before it is closed; a silent connection lasts this long
   * @param maxConnections the most TCP connections open at once; more are closed on accept
   * @param maxResetsPerWindow the most streams a connection may reset within {@code
   *     resetWindow} before it is closed
   * @param resetWindow the window {@code maxResetsPerWindow} counts in; whole seconds
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a duration is not positive, a count is below 1 or the
   *     reset window is not whole seconds
   */
  public ConnectionSettings {
    requirePositive(keepAliveTime, "keepAliveTime");
    requirePositive(keepAliveTimeout, "keepAliveTimeout");
    requirePositive(permitKeepAliveTime, "permitKeepAliveTime");
    requirePositive(maxConnectionAge, "maxConnectionAge");
    requirePositive(maxConnectionAgeGrace, "maxConnectionAgeGrace");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    if (maxResetsPerWindow < 1) {
      throw new IllegalArgumentException("maxResetsPerWindow must be >= 1, was "
          + maxResetsPerWindow);
    }
    requirePositive(resetWindow, "resetWindow");
    if (resetWindow.getNano() != 0 || resetWindow.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("resetWindow must be whole seconds, was "
          + resetWindow);
    }
  }

  /**
   * Pings after 2 min of silence with a 20 s timeout, lets clients ping every 20 s (below the
   * SDK's 30 s), recycles connections after 30 min with 5 min for their calls to finish, gives
   * new connections 10 s for their handshake (grpc's own default is 120 s), allows 10,000
   * connections, and closes a connection that resets more than 1,000 streams in 10 s (100 a
   * second: a client cancels a call now and then, a rapid-reset flood does thousands a second;
   * grpc-java sets no limit, Netty's own HTTP/2 servers 200 in 30 s).
   *
   * @return the default settings listed above
   */
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(Duration.ofMinutes(2), Duration.ofSeconds(20),
        Duration.ofSeconds(20), Duration.ofMinutes(30), Duration.ofMinutes(5),
        Duration.ofSeconds(10), 10_000, 1_000, Duration.ofSeconds(10));
  }

  /**
   * {@return these settings with another handshake timeout, connection cap and reset limit}
   *
   * @param newHandshakeTimeout how long a new connection has to finish its handshake; positive
   * @param newMaxConnections the most connections open at once; 1 or more
   * @param newMaxResetsPerWindow the most streams a connection may reset within the reset
   *     window; 1 or more
   */
  public ConnectionSettings withAdmission(Duration newHandshakeTimeout, int newMaxConnections,
      int newMaxResetsPerWindow) {
    return new ConnectionSettings(keepAliveTime, keepAliveTimeout, permitKeepAliveTime,
        maxConnectionAge, maxConnectionAgeGrace, newHandshakeTimeout, newMaxConnections,
        newMaxResetsPerWindow, resetWindow);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
