package io.remotemedia.server.metrics;

import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;
import io.prometheus.client.Gauge;

/**
 * Keeps {@code active_connections}: up when a transport is ready, down when it terminates.
 * Only transports it counted are uncounted, so a connection that fails its handshake never
 * drives the gauge below the truth. Thread-safe.
 */
final class ConnectionCountingFilter extends ServerTransportFilter {
  private static final Attributes.Key<Boolean> COUNTED =
      Attributes.Key.create("remotemedia-connection-counted");

  private final Gauge activeConnections;

  ConnectionCountingFilter(Gauge activeConnections) {
    this.activeConnections = activeConnections;
  }

  @Override
  public Attributes transportReady(Attributes attributes) {
    activeConnections.inc();
    return attributes.toBuilder().set(COUNTED, Boolean.TRUE).build();
  }

  @Override
  public void transportTerminated(Attributes attributes) {
    // A connection that closes before grpc has set it up comes with no attributes.
    if (attributes != null && Boolean.TRUE.equals(attributes.get(COUNTED))) {
      activeConnections.dec();
    }
  }
}
