package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.server.internal.netty.ConnectionLimit;
import java.util.List;

/** Reads the connection cap's counts at scrape time; nothing to update per connection. */
final class ConnectionLimitCollector extends Collector {
  private final ConnectionLimit limit;

  ConnectionLimitCollector(ConnectionLimit limit) {
    this.limit = limit;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new CounterMetricFamily("connections_refused_total", "TCP connections closed on accept"
            + " because server.max_connections were open.", limit.refused()),
        new GaugeMetricFamily("connections_open", "TCP connections open, counted against"
            + " server.max_connections, including those still in their handshake.",
            limit.open()),
        new GaugeMetricFamily("connections_max", "The cap on open TCP connections"
            + " (server.max_connections).", limit.maxConnections()));
  }
}
