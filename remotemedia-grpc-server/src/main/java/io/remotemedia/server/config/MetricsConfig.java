package io.remotemedia.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code metrics} section: the Prometheus exposition endpoint, on its own address, with
 * optional basic authentication and TLS. Changes take effect on restart.
 *
 * @param enabled whether {@code /metrics} is served
 * @param host the address {@code /metrics} binds; loopback unless set, whatever {@code
 *     server.host} is
 * @param port the HTTP port of {@code /metrics}
 * @param basicAuthUsername the user name scrapers must send, if basic authentication is on
 * @param basicAuthPasswordFile the file holding the password (one line), if basic
 *     authentication is on; never logged
 * @param tls TLS for the endpoint: {@code enabled}, {@code certFile} and {@code keyFile} are
 *     used, client certificates are not asked for
 */
public record MetricsConfig(
    boolean enabled,
    String host,
    int port,
    Optional<String> basicAuthUsername,
    Optional<Path> basicAuthPasswordFile,
    TlsConfig tls) {
  /** The default metrics port. */
  public static final int DEFAULT_PORT = 9090;
  /** The default metrics bind address: loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** {@return whether scrapers must authenticate} */
  public boolean basicAuth() {
    return basicAuthUsername.isPresent();
  }

  /**
   * {@return whether {@link #host()} is a loopback address, judged from the text alone (no DNS)}
   */
  public boolean bindsLoopbackOnly() {
    return ServerConfig.isLoopback(host);
  }
}
