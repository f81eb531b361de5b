/**
 * Prometheus metrics on a {@link io.prometheus.client.CollectorRegistry} the caller owns:
 * {@link io.remotemedia.server.metrics.ServerMetrics} defines them, an interceptor and a
 * transport filter feed the RPC and connection figures, and {@link
 * io.remotemedia.server.metrics.MetricsHttpServer} serves {@code /metrics}. Label values are
 * bounded (method names, status codes, node types, error kinds); never a request or session id.
 * docs/metrics.md lists every metric.
 */
package io.remotemedia.server.metrics;
