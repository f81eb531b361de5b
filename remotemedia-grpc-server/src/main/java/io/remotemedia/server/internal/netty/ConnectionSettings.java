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
 */
public record ConnectionSettings(
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Duration handshakeTimeout,
    int maxConnections) {

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
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a duration is not positive
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
  }

  /**
   * Pings after 2 min of silence with a 20 s timeout, lets clients ping every 20 s (below the
   * SDK's 30 s), recycles connections after 30 min with 5 min for their calls to finish, gives
   * new connections 10 s for their handshake (grpc's own default is 120 s) and allows 10,000
   * connections.
   *
   * @return the default settings listed above
   */
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(Duration.ofMinutes(2), Duration.ofSeconds(20),
        Duration.ofSeconds(20), Duration.ofMinutes(30), Duration.ofMinutes(5),
        Duration.ofSeconds(10), 10_000);
  }

  /**
   * {@return these settings with another handshake timeout and connection cap}
   *
   * @param newHandshakeTimeout how long a new connection has to finish its handshake; positive
   * @param newMaxConnections the most connections open at once; 1 or more
   */
  public ConnectionSettings withAdmission(Duration newHandshakeTimeout, int newMaxConnections) {
    return new ConnectionSettings(keepAliveTime, keepAliveTimeout, permitKeepAliveTime,
        maxConnectionAge, maxConnectionAgeGrace, newHandshakeTimeout, newMaxConnections);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
