package io.remotemedia.server.metrics;

/**
 * Where {@code /metrics} is served. Immutable.
 *
 * @param enabled whether to serve metrics at all
 * @param host the address to bind, or {@code null} for the gRPC server's host
 * @param port the HTTP port; 0 picks a free one
 */
public record MetricsSettings(boolean enabled, String host, int port) {
  /** The default metrics port. */
  public static final int DEFAULT_PORT = 9090;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if the port is outside [0, 65535] or the host is blank
   */
  public MetricsSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port must be in [0, 65535], was " + port);
    }
    if (host != null && host.isBlank()) {
      throw new IllegalArgumentException("metrics host must not be blank; omit it to use the"
          + " gRPC host");
    }
  }

  /** Enabled, on the gRPC host, port {@value #DEFAULT_PORT}. */
  public static MetricsSettings defaults() {
    return new MetricsSettings(true, null, DEFAULT_PORT);
  }

  /** Returns the address to bind: {@link #host()}, or {@code grpcHost} when that is unset. */
  public String hostOr(String grpcHost) {
    return host != null ? host : grpcHost;
  }
}
