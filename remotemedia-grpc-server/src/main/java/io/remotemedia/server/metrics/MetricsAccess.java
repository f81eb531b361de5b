package io.remotemedia.server.metrics;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Who may read {@code /metrics} and how: optional basic authentication and optional TLS.
 * Immutable.
 *
 * @param credentials what scrapers must send, if anything
 * @param tls the server side of HTTPS, if the endpoint speaks it
 */
public record MetricsAccess(Optional<ScrapeCredentials> credentials, Optional<SSLContext> tls) {
  /**
   * Checks that neither component is null.
   *
   * @param credentials what scrapers must send, if anything
   * @param tls the server side of HTTPS, if the endpoint speaks it
   */
  public MetricsAccess {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * Plain HTTP, no authentication: for loopback only.
   *
   * @return access with no credentials and no TLS
   */
  public static MetricsAccess open() {
    return new MetricsAccess(Optional.empty(), Optional.empty());
  }

  /** {@return the URL scheme, {@code https} or {@code http}} */
  public String scheme() {
    return tls.isPresent() ? "https" : "http";
  }
}
