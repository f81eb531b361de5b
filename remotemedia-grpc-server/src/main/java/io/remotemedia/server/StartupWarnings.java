package io.remotemedia.server;

import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.RemoteMediaConfig;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The warnings about a configuration that is valid but likely not what the operator meant: a
 * server reachable from the network without authentication or TLS, an exposed metrics
 * endpoint, and quotas for clients that no token names.
 */
final class StartupWarnings {
  // The server's own logger, under which these lines have always been logged.
  private static final Logger log = LogManager.getLogger(ConfiguredServer.class);

  private StartupWarnings() {}

  /**
   * Logs every warning {@code config} deserves at startup.
   *
   * @param config the configuration the server starts with
   * @param tokens the tokens file's clients; empty when authentication is off
   */
  static void log(RemoteMediaConfig config, Optional<TokenSet> tokens) {
    warnAboutSecurity(config);
    tokens.ifPresent(set -> warnAboutUnknownClients(config, set));
    if (tokens.isEmpty() && !config.quotas().clients().isEmpty()) {
      log.warn("quotas.clients is set but authentication is off: every caller is \"anonymous\""
          + " and gets quotas.default, together with every other caller");
    }
  }

  /**
   * Warns about {@code quotas.clients} entries that name no client of the tokens file; at
   * startup and after each reload, since either file may change.
   */
  static void warnAboutUnknownClients(RemoteMediaConfig config, TokenSet set) {
    List<String> unknown = config.quotas().clients().keySet().stream()
        .filter(client -> !set.clientNames().contains(client)).sorted().toList();
    if (!unknown.isEmpty()) {
      log.warn("quotas.clients names clients that are not in the tokens file, so their quotas"
          + " apply to nobody: {} (clients: {})", unknown, set.clientNames());
    }
  }

  private static void warnAboutSecurity(RemoteMediaConfig config) {
    if (!config.auth().enabled()) {
      if (config.server().bindsLoopbackOnly()) {
        log.warn("authentication is off (auth.enabled: false); serving on loopback {} only. "
            + "Turn it on before exposing the server: see docs/configuration.md",
            config.server().host());
      } else {
        log.warn("authentication is OFF and the server binds {}: anyone who can reach it can "
            + "run pipelines (auth.enabled: false was set explicitly)", config.server().host());
      }
    }
    if (!config.tls().enabled() && !config.server().bindsLoopbackOnly()) {
      log.warn("TLS is off and the server binds {}: calls and tokens cross the network in "
          + "plaintext", config.server().host());
    }
    MetricsEndpointSetup.warnAboutSecurity(config.metrics());
  }
}
