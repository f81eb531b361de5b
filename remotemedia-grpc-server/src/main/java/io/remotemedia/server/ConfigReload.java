package io.remotemedia.server;

import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.server.auth.TokenStore;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.EffectiveConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.config.RestartOnlySettings;
import io.remotemedia.server.quota.ClientQuotas;
import io.remotemedia.server.tls.EndpointTls;
import io.remotemedia.server.tls.ServerTls;
import io.remotemedia.server.tls.TlsMaterial;
import io.remotemedia.server.tls.TlsMaterialException;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The configuration in force, and its reload (SIGHUP): re-reads the configuration and swaps in
 * what can change live (the tokens, the certificates, the limits, the quotas and the log
 * level); a reload that fails validation changes nothing and logs why. Thread-safe; reloads are
 * serialized.
 */
final class ConfigReload {
  // The server's own logger, under which these lines have always been logged.
  private static final Logger log = LogManager.getLogger(ConfiguredServer.class);

  private final ConfigLoader loader;
  /** The startup configuration: restart-only settings keep its values until a restart. */
  private final RemoteMediaConfig started;
  /** What startup logged, to name the restart-only settings a reload changes. */
  private final EffectiveConfig startedEffective;
  private final ReloadableRunner runner;
  private final ClientQuotas quotas;
  private final Optional<TokenStore> tokens;
  private final Optional<ServerTls> tls;
  /** The metrics endpoint's TLS, if it speaks HTTPS: renewed files are given to it too. */
  private final Optional<EndpointTls> metricsTls;
  private RemoteMediaConfig config; // guarded by this

  /**
   * Starts from the configuration the server started with.
   *
   * @param loader reads the configuration again on each reload
   * @param startup the configuration the server started with, its files read
   * @param runner the runner whose limits a reload replaces
   * @param calls the quotas and tokens a reload replaces
   * @param tls the server's TLS, whose certificate a reload replaces; empty without TLS
   */
  ConfigReload(ConfigLoader loader, PreparedConfig startup, ReloadableRunner runner,
      ConfiguredObservability calls, Optional<ServerTls> tls) {
    this.loader = loader;
    this.config = startup.loaded().config();
    this.started = config;
    this.startedEffective = startup.loaded().effective();
    this.runner = runner;
    this.quotas = calls.quotas();
    this.tokens = calls.tokens();
    this.tls = tls;
    this.metricsTls = startup.metrics().tls();
  }

  /** {@return the configuration in force, restart-only settings as the server started} */
  synchronized RemoteMediaConfig current() {
    return config;
  }

  /**
   * Re-reads the configuration and applies what can change live; logs anything else that
   * changed as needing a restart.
   *
   * @return whether the new configuration was applied; if not, the log says why and the old
   *     settings stay
   */
  synchronized boolean reload() {
    // Restart-only settings keep their startup values before anything reads or applies them:
    // the files a switch such as tls.client_auth or auth.enabled names are read as started.
    PreparedConfig prepared = PreparedConfig.read(
        RestartOnlySettings.keptAsStarted(started, loader.load()));
    RemoteMediaConfig next;
    try {
      next = prepared.loaded().orThrow();
    } catch (ConfigException e) {
      log.error("configuration reload failed; keeping the current settings. {}", e.getMessage());
      return false;
    }
    // metrics.* is restart-only: the startup's files, maybe with new contents, read with the
    // rest above; one that could not be used failed the reload there.
    Optional<TlsMaterial> metricsMaterial =
        metricsTls.isPresent() ? prepared.metrics().tlsMaterial() : Optional.empty();
    boolean certificatesReloaded = tls.isPresent() && prepared.tlsMaterial().isPresent();
    if (certificatesReloaded) {
      try {
        tls.get().apply(prepared.tlsMaterial().get());
      } catch (TlsMaterialException e) {
        log.error("configuration reload failed; keeping the current settings. {}",
            e.getMessage());
        return false;
      }
    }
    metricsMaterial.ifPresent(material -> metricsTls.orElseThrow().apply(material));
    if (tokens.isPresent() && prepared.tokens().isPresent()) {
      tokens.get().replace(next.auth().tokensFile().orElseThrow(), prepared.tokens().get());
    }
    // New limits, the same capacity: calls running under the old limits and new ones together
    // stay within server.worker_threads, server.worker_queue_capacity, streams.max_open and
    // the startup's limits.total_memory_bytes.
    runner.replaceLimits(next.limits());
    quotas.update(next.quotas());
    tokens.ifPresent(store -> StartupWarnings.warnAboutUnknownClients(next, store.current()));
    DesignCache.setCapacityBytes(next.limits().filterCacheBytes());
    applyLogLevel(next);
    warnAboutRestart(prepared.loaded().effective());
    // Restart-only settings are as the server started with them, as the warning says; the
    // server reads them again (server.* when it drains, tls.* when the certificate changes).
    config = next;
    log.info("configuration reloaded: {} tokens, limits {} (maximums {}), quotas {} (clients"
            + " {}), TLS {}",
        tokens.map(store -> store.current().size()).orElse(0), next.limits().defaults(),
        next.limits().maximums(), next.quotas().defaults(), next.quotas().clients(),
        certificatesReloaded ? "certificates reloaded"
            // A file that turns TLS off changes nothing until a restart (tls.enabled).
            : tls.isPresent() ? "on as started, certificates kept" : "off");
    return true;
  }

  /** Sets the root log level to {@code logging.level}; at startup and on each reload. */
  static void applyLogLevel(RemoteMediaConfig config) {
    Configurator.setRootLevel(Level.valueOf(config.logging().level().name()));
  }

  private void warnAboutRestart(EffectiveConfig reloaded) {
    // Restart-only settings keep their startup values until a restart: compare with those.
    List<String> changed = RestartOnlySettings.changed(startedEffective, reloaded);
    if (!changed.isEmpty()) {
      log.warn("changed settings that take effect only on restart, kept as they were: {}",
          String.join(", ", changed));
    }
  }
}
