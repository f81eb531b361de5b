package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.remotemedia.server.internal.transport.RequestArrival;
import java.util.List;

/**
 * Reads the bound on calls that wait for their first message at scrape time; nothing to update
 * per call. Its refusals are BUSY like the others in {@code errors_total}: these tell them
 * apart, and show the calls that hold places without sending.
 */
final class RequestArrivalCollector extends Collector {
  private final RequestArrival arrival;

  RequestArrivalCollector(RequestArrival arrival) {
    this.arrival = arrival;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new GaugeMetricFamily("calls_awaiting_request", "PipelineService calls started whose"
            + " first message (a unary request, a stream's open) has not come yet.",
            arrival.waiting()),
        new GaugeMetricFamily("calls_awaiting_request_max", "The most calls that may wait for"
            + " their first message (server.max_calls_awaiting_request).", arrival.max()),
        new CounterMetricFamily("calls_awaiting_request_refused_total", "Calls refused BUSY"
            + " because server.max_calls_awaiting_request calls were waiting.",
            arrival.refused()),
        new GaugeMetricFamily("calls_awaiting_request_per_connection_max", "The most calls"
            + " that may wait for their first message on one connection"
            + " (server.max_calls_awaiting_request_per_connection).",
            arrival.maxPerConnection()),
        new CounterMetricFamily("calls_awaiting_request_per_connection_refused_total", "Calls"
            + " refused BUSY because their connection had"
            + " server.max_calls_awaiting_request_per_connection calls waiting.",
            arrival.refusedOnConnection()),
        new CounterMetricFamily("request_arrival_timeouts_total", "Unary calls closed"
            + " DEADLINE_EXCEEDED because none of their request came for"
            + " server.request_arrival_timeout_ms.", arrival.timedOut()),
        new GaugeMetricFamily("request_bytes_in_transit", "Bytes of unary requests that have"
            + " arrived and are not yet decoded.", arrival.bytesInTransit()),
        new GaugeMetricFamily("request_bytes_in_transit_max", "Their bound"
            + " (server.max_request_bytes_in_transit).", arrival.maxBytesInTransit()),
        new CounterMetricFamily("request_bytes_in_transit_refused_total", "Unary calls refused"
            + " BUSY because their next bytes found no room under"
            + " server.max_request_bytes_in_transit.", arrival.refusedForBytesInTransit()));
  }
}
