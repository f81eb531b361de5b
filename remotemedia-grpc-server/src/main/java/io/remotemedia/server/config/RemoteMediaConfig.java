package io.remotemedia.server.config;

import io.remotemedia.server.quota.QuotaPolicy;
import java.util.Objects;

/**
 * The server's whole configuration, validated and immutable. Built by {@link ConfigLoader};
 * docs/configuration.md describes every key.
 *
 * @param server where and how the gRPC server listens
 * @param limits the execution limits requests get and may ask for
 * @param auth bearer-token authentication
 * @param tls transport security
 * @param logging log output
 * @param metrics the Prometheus endpoint
 * @param streams StreamPipeline session timeouts and chunk thread
 * @param quotas each client's quotas, reloadable
 */
public record RemoteMediaConfig(
    ServerConfig server,
    LimitsConfig limits,
    AuthConfig auth,
    TlsConfig tls,
    LoggingConfig logging,
    MetricsConfig metrics,
    StreamsConfig streams,
    QuotaPolicy quotas) {
  /**
   * Validates the configuration.
   *
   * @param server where and how the gRPC server listens
   * @param limits the execution limits requests get and may ask for
   * @param auth bearer-token authentication
   * @param tls transport security
   * @param logging log output
   * @param metrics the Prometheus endpoint
   * @param streams the StreamPipeline session timeouts
   * @param quotas each client's quotas; no quota at all when the section is absent
   * @throws NullPointerException if a section is null
   */
  public RemoteMediaConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(quotas, "quotas");
  }
}
