package io.remotemedia.server.metrics;

import io.remotemedia.server.quota.Quota;
import io.remotemedia.server.quota.UsageListener;

/**
 * Counts each client's usage and quota refusals: {@code
 * client_audio_seconds_processed_total{client}}, {@code client_stream_seconds_total{client}} and
 * {@code client_quota_refusals_total{client, quota}}. The client label stays bounded because
 * names come from the tokens file (or are {@code anonymous}). Thread-safe.
 */
final class ClientUsageMetrics implements UsageListener {
  private final ServerMetrics metrics;

  ClientUsageMetrics(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void audioAdmitted(String client, double audioSeconds) {
    metrics.clientAudioSeconds(client).inc(audioSeconds);
  }

  @Override
  public void streamEnded(String client, double streamSeconds) {
    metrics.clientStreamSeconds.labels(client).inc(streamSeconds);
  }

  @Override
  public void refused(String client, Quota quota) {
    metrics.clientQuotaRefusals.labels(client, quota.key()).inc();
  }
}
