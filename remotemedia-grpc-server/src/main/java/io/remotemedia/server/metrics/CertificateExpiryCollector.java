package io.remotemedia.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exports {@code tls_certificate_expiry_timestamp_seconds}: when the certificate the server
 * presents to new connections expires, read at scrape time, so a renewal shows at once.
 */
final class CertificateExpiryCollector extends Collector {
  private final Supplier<Instant> notAfter;

  CertificateExpiryCollector(Supplier<Instant> notAfter) {
    this.notAfter = notAfter;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(new GaugeMetricFamily("tls_certificate_expiry_timestamp_seconds", "When the"
        + " certificate the server presents to new connections expires, in Unix seconds.",
        notAfter.get().getEpochSecond()));
  }
}
