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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads what the metrics endpoint's {@link MetricsConfig} points at (the password file and the
 * certificate and key) into a {@link MetricsAccess}, reporting unreadable files as
 * configuration problems, and warns about an endpoint exposed without protection.
 */
final class MetricsEndpointSetup {
  private static final Logger log = LogManager.getLogger(MetricsEndpointSetup.class);
  /** The configuration section of the endpoint's TLS. */
  static final String SECTION = "metrics.tls";

  /**
   * What the endpoint is served with.
   *
   * @param access the credentials and the TLS context to serve with
   * @param tls the TLS behind that context, to give renewed files to; empty without TLS
   * @param tlsMaterial the certificate and key it was made with; empty without TLS
   */
  record Read(MetricsAccess access, Optional<EndpointTls> tls,
      Optional<TlsMaterial> tlsMaterial) {}

  private MetricsEndpointSetup() {}

  /**
   * Reads the credentials and TLS material; on a problem, adds it to {@code problems} and
   * leaves that part out.
   */
  static Read read(MetricsConfig config, List<ConfigProblem> problems) {
    if (!config.enabled()) {
      return new Read(MetricsAccess.open(), Optional.empty(), Optional.empty());
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
    Optional<TlsMaterial> material = Optional.empty();
    Optional<EndpointTls> tls = Optional.empty();
    if (config.tls().enabled() && config.tls().certFile().isPresent()
        && config.tls().keyFile().isPresent()) {
      try {
        material = Optional.of(TlsMaterial.load(config.tls(), SECTION));
        tls = Optional.of(EndpointTls.create(material.get(), SECTION));
      } catch (TlsMaterialException e) {
        material = Optional.empty();
        problems.add(new ConfigProblem(e.key(), e.detail()));
      }
    }
    return new Read(new MetricsAccess(credentials, tls.map(EndpointTls::sslContext)), tls,
        material);
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
