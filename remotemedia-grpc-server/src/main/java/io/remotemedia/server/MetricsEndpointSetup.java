package io.remotemedia.server;

import io.remotemedia.server.config.ConfigProblem;
import io.remotemedia.server.config.MetricsConfig;
import io.remotemedia.server.metrics.MetricsAccess;
import io.remotemedia.server.metrics.ScrapeCredentials;
import io.remotemedia.server.tls.EndpointTls;
import io.remotemedia.server.tls.TlsMaterial;
import io.remotemedia.server.tls.TlsMaterialException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads what the metrics endpoint's {@link MetricsConfig} points at (the password file and the
 * certificate and key) into a {@link MetricsAccess}, reporting unreadable files as
 * configuration problems, and warns about an endpoint exposed without protection.
 */
final class MetricsEndpointSetup {
  private static final Logger log = LogManager.getLogger(MetricsEndpointSetup.class);

  private MetricsEndpointSetup() {}

  /**
   * Reads the credentials and TLS material; on a problem, adds it to {@code problems} and
   * leaves that part out.
   */
  static MetricsAccess read(MetricsConfig config, List<ConfigProblem> problems) {
    if (!config.enabled()) {
      return MetricsAccess.open();
    }
    Optional<ScrapeCredentials> credentials = Optional.empty();
    if (config.basicAuthUsername().isPresent() && config.basicAuthPasswordFile().isPresent()) {
      try {
        credentials = Optional.of(ScrapeCredentials.read(config.basicAuthUsername().get(),
            config.basicAuthPasswordFile().get()));
      } catch (IOException e) {
        // The message names the file and what is wrong, never the file's content.
        problems.add(new ConfigProblem("metrics.basic_auth.password_file",
            "cannot read the password: " + e.getMessage()));
      }
    }
    Optional<SSLContext> tls = Optional.empty();
    if (config.tls().enabled() && config.tls().certFile().isPresent()
        && config.tls().keyFile().isPresent()) {
      try {
        tls = Optional.of(EndpointTls.create(TlsMaterial.load(config.tls(), "metrics.tls"),
            "metrics.tls").sslContext());
      } catch (TlsMaterialException e) {
        problems.add(new ConfigProblem(e.key(), e.detail()));
      }
    }
    return new MetricsAccess(credentials, tls);
  }

  /** Warns when the endpoint is reachable beyond this machine without auth or TLS. */
  static void warnAboutSecurity(MetricsConfig config) {
    if (!config.enabled() || config.bindsLoopbackOnly()) {
      return;
    }
    if (!config.basicAuth()) {
      log.warn("metrics bind {} without authentication: anyone who can reach port {} reads "
          + "client names, call counts and the JVM version. Set metrics.basic_auth (see "
          + "docs/security.md)", config.host(), config.port());
    } else if (!config.tls().enabled()) {
      log.warn("metrics bind {} with basic authentication but without TLS: the password "
          + "crosses the network in plaintext. Set metrics.tls", config.host());
    }
  }
}
