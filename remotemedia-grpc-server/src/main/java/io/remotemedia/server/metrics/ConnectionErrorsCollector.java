package io.remotemedia.server.metrics;

import io.netty.handler.codec.http2.Http2Error;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.remotemedia.server.internal.netty.ConnectionErrors;
import java.util.List;

/** Reads the transport's counts of connections ended with an HTTP/2 error at scrape time. */
final class ConnectionErrorsCollector extends Collector {
  private final ConnectionErrors errors;

  ConnectionErrorsCollector(ConnectionErrors errors) {
    this.errors = errors;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    CounterMetricFamily family = new CounterMetricFamily("http2_connection_errors_total",
        "Client connections the server ended with GOAWAY and an HTTP/2 error code, by code;"
            + " ENHANCE_YOUR_CALM is a flood (resets, pings, empty DATA frames, SETTINGS).",
        List.of("error"));
    for (Http2Error error : errors.codes()) {
      family.addMetric(List.of(error.name()), errors.count(error));
    }
    return List.of(family);
  }
}
