package io.remotemedia.server.config;

/**
 * The {@code metrics} section: the Prometheus exposition endpoint. Changes take effect on
 * restart.
 *
 * @param enabled whether {@code /metrics} is served
 * @param port the HTTP port of {@code /metrics}
 */
public record MetricsConfig(boolean enabled, int port) {
  /** The default metrics port. */
  public static final int DEFAULT_PORT = 9090;
}
