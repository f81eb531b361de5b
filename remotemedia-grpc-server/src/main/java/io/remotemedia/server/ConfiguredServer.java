package io.remotemedia.server;

import io.grpc.ServerInterceptor;
import io.prometheus.client.CollectorRegistry;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.AuthInterceptor;
import io.remotemedia.server.auth.TokenFile;
import io.remotemedia.server.auth.TokenFileException;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.auth.ThrottleSettings;
import io.remotemedia.server.auth.TokenStore;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.ConfigProblem;
import io.remotemedia.server.config.EffectiveConfig;
import io.remotemedia.server.config.LoadedConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.config.RestartOnlySettings;
import io.remotemedia.server.config.ServerConfig;
import io.remotemedia.server.config.TlsConfig;
import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.internal.logging.StructuredMessage;
import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.server.metrics.MetricsAccess;
import io.remotemedia.server.metrics.MetricsHttpServer;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.FileDescriptorBudget;
import io.remotemedia.server.internal.netty.NettyTransport;
import io.remotemedia.server.quota.ClientQuotas;
import io.remotemedia.server.tls.EndpointTls;
import io.remotemedia.server.tls.ServerTls;
import io.remotemedia.server.tls.TlsFileWatcher;
import io.remotemedia.server.tls.TlsMaterial;
import io.remotemedia.server.tls.TlsMaterialException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The server as the configuration describes it: Netty on the configured address, with TLS and
 * token authentication when enabled, and the configured limits. {@link #reload()} (SIGHUP)
 * re-reads the configuration and swaps in new tokens, certificates, limits and log level
 * without a restart; a reload that fails validation changes nothing and logs why.
 *
 * <pre>{@code
 * ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder()
 *     .file(Path.of("config.yaml")).environment(System.getenv()).build());
 * }</pre>
 *
 * <p>Thread-safe; reloads are serialized.
 */
public final class ConfiguredServer {
  private static final Logger log = LogManager.getLogger(ConfiguredServer.class);

  private final ConfigLoader loader;
  private final RemoteMediaServer server;
  private final ReloadableRunner runner;
  private final Optional<TokenStore> tokens;
  private final Optional<ServerTls> tls;
  private final Optional<TlsFileWatcher> tlsWatcher;
  /** The metrics endpoint's TLS, if it speaks HTTPS: renewed files are given to it too. */
  private final Optional<EndpointTls> metricsTls;
  private final TlsConfig metricsTlsFiles;
  private final Optional<TlsFileWatcher> metricsTlsWatcher;
  private final EffectiveConfig effective;
  private final NettyTransport transport;
  private final Optional<ServerMetrics> metrics;
  private final ClientQuotas quotas;
  private MetricsHttpServer metricsHttp;
  private RemoteMediaConfig config;

  private ConfiguredServer(ConfigLoader loader, Prepared prepared, NettyTransport transport,
      CollectorRegistry registry, AuthFailureListener listener,
      List<ServerInterceptor> innerInterceptors) throws ConfigException {
    this.loader = loader;
    this.transport = transport;
    this.config = prepared.loaded().orThrow();
    this.effective = prepared.loaded().effective();
    ServerConfig settings = config.server();
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    ServerTls serverTls = null;
    if (prepared.tlsMaterial().isPresent()) {
      try {
        serverTls = ServerTls.create(config.tls(), prepared.tlsMaterial().get());
      } catch (TlsMaterialException e) {
        throw new ConfigException(prepared.loaded().source(), prepared.loaded()
            .withProblems(List.of(new ConfigProblem(e.key(), e.getMessage()))).problems());
      }
    }
    this.tls = Optional.ofNullable(serverTls);
    NettyServerBuilder builder = serverTls == null ? transport.serverBuilder(address)
        : transport.serverBuilder(address, serverTls.credentials());
    // Added before the server's own, so they run innermost: after authentication.
    innerInterceptors.forEach(builder::intercept);
    Observability observability = Observability.defaults()
        .withClientNames(() -> AuthInterceptor.currentClientName().orElse(null));
    this.metrics = config.metrics().enabled()
        ? Optional.of(ServerMetrics.register(registry))
        : Optional.empty();
    if (metrics.isPresent()) {
      observability = observability.withMetrics(metrics.get());
    }
    this.quotas = ClientQuotas.create(config.quotas());
    observability = observability.withQuotas(quotas);
    this.tokens = prepared.tokens().map(set ->
        TokenStore.of(config.auth().tokensFile().orElseThrow(), set,
            config.auth().tokensFileCheckMs()));
    // The per-client state and series follow the tokens file's names, reloads included.
    tokens.ifPresent(store -> {
      store.addListener(this::followClients);
      followClients(store.current());
    });
    AuthFailureListener failures = metrics
        .<AuthFailureListener>map(m -> new CountingAuthListener(m, listener))
        .orElse(listener);
    metrics.ifPresent(m -> {
      m.bindConnectionLimit(transport.connectionLimit());
      m.bindConnectionErrors(transport.connectionErrors());
    });
    if (tokens.isPresent()) {
      observability = observability.withAuthentication(new AuthInterceptor(tokens.get()::current,
          config.auth().exemptMethods(), failures, new ThrottleSettings(
              config.auth().maxFailuresPerPeer(),
              Duration.ofMillis(config.auth().failureWindowMs()),
              Duration.ofMillis(config.auth().failureBlockMs()))));
    }
    LocalPipelineRunner local = runnerBuilder(config).build();
    this.runner = new ReloadableRunner(local);
    metrics.ifPresent(m -> {
      // The capacity is shared by every runner a reload swaps in, so these stay true.
      m.bindAdmission(local.admission());
      m.bindMemory(local.memory());
      m.recordStreamLimit(local.streams().maxConcurrent());
    });
    this.server = new RemoteMediaServer(builder, runner, ServerSettings.of(settings),
        observability, config.streams().sessions());
    // Silent connections would otherwise hold the drain for the handshake timeout.
    server.addDrainListener(transport::closeHandshakingConnections);
    metrics.ifPresent(m -> tls.ifPresent(t -> m.bindCertificateExpiry(t::notAfter)));
    // Renewed certificate files (a Secret cert-manager updates) reach new connections.
    this.tlsWatcher = tls.map(t -> TlsFileWatcher.start(() -> config().tls(), "tls", t,
        TlsFileWatcher.CHECK_INTERVAL));
    this.metricsTls = prepared.metrics().tls();
    this.metricsTlsFiles = config.metrics().tls();
    this.metricsTlsWatcher = metricsTls.map(t -> TlsFileWatcher.start(() -> metricsTlsFiles,
        MetricsEndpointSetup.SECTION, t, TlsFileWatcher.CHECK_INTERVAL));
  }

  /**
   * Loads and checks the configuration (settings, tokens file, certificates: every problem at
   * once), then starts listening.
   *
   * @param loader the configuration's file, environment and flags
   * @return the started server
   * @throws ConfigException listing every problem; nothing was started
   * @throws PortBindException if the gRPC or the metrics port cannot be bound; the message is one
   *     line naming the port and the setting that changes it
   * @throws IOException if the server cannot start for another reason
   */
  public static ConfiguredServer start(ConfigLoader loader) throws ConfigException, IOException {
    return start(loader, AuthFailureListener.NONE, List.of());
  }

  /**
   * Like {@link #start(ConfigLoader)}, also reporting refused calls to {@code listener} (the
   * metrics count them in any case) and running {@code innerInterceptors} inside
   * authentication, where they see {@link AuthInterceptor#CLIENT_NAME}.
   *
   * @param loader the configuration's file, environment and flags
   * @param listener told about each call refused for its credentials; {@link
   *     AuthFailureListener#NONE} for none
   * @param innerInterceptors interceptors to run after authentication, outermost first
   * @return the started server
   * @throws ConfigException listing every problem; nothing was started
   * @throws IOException if a port cannot be bound ({@link PortBindException}) or the server cannot
   *     start for another reason
   */
  public static ConfiguredServer start(ConfigLoader loader, AuthFailureListener listener,
      List<ServerInterceptor> innerInterceptors) throws ConfigException, IOException {
    Prepared prepared = prepare(loader.load());
    RemoteMediaConfig config = withClientsRequired(prepared).orThrow();
    applyLogLevel(config);
    log.info("{}", prepared.loaded().effective().render());
    warnAboutSecurity(config);
    prepared.tokens().ifPresent(set -> warnAboutUnknownClients(config, set));
    if (prepared.tokens().isEmpty() && !config.quotas().clients().isEmpty()) {
      log.warn("quotas.clients is set but authentication is off: every caller is \"anonymous\""
          + " and gets quotas.default, together with every other caller");
    }
    DesignCache.setCapacityBytes(config.limits().filterCacheBytes());
    FileDescriptorBudget.check(config.server().maxConnections());
    NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults().withAdmission(
        Duration.ofMillis(config.server().handshakeTimeoutMs()),
        config.server().maxConnections(), config.server().maxStreamResetsPer10s()));
    CollectorRegistry registry = new CollectorRegistry();
    ConfiguredServer configured;
    try {
      configured = new ConfiguredServer(loader, prepared, transport, registry, listener,
          innerInterceptors);
    } catch (ConfigException e) {
      transport.close();
      throw e;
    }
    try {
      // Metrics bind first: a taken metrics port stops the start before any call is served.
      if (configured.metrics.isPresent()) {
        String host = config.metrics().host();
        MetricsAccess access = prepared.metrics().access();
        try {
          configured.metricsHttp = MetricsHttpServer.start(host, config.metrics().port(),
              registry, access, configured.server::isServing);
        } catch (IOException e) {
          throw PortBindException.of(PortBindException.Listener.METRICS, host,
              config.metrics().port(), configured.effective, e);
        }
        log.info(StructuredMessage.of("metrics.listening", "metrics on " + access.scheme()
                + "://" + host + ":" + configured.metricsHttp.port() + "/metrics"
                + (access.credentials().isPresent() ? " (basic authentication)" : ""))
            .with("port", configured.metricsHttp.port()));
      }
      try {
        configured.server.start();
      } catch (IOException e) {
        throw PortBindException.of(PortBindException.Listener.GRPC, config.server().host(),
            config.server().port(), configured.effective, e);
      }
    } catch (IOException e) {
      configured.shutdown(Duration.ZERO);
      throw e;
    }
    return configured;
  }

  /**
   * Re-reads the configuration and applies what can change live: the tokens, the TLS
   * certificate, key and client CA bundle, the limits, the per-client quotas and the log
   * level. Anything else that changed is logged as needing a restart.
   *
   * @return whether the new configuration was applied; if not, the log says why and the old
   *     settings stay
   */
  public synchronized boolean reload() {
    Prepared prepared = prepare(loader.load());
    RemoteMediaConfig next;
    try {
      next = prepared.loaded().orThrow();
    } catch (ConfigException e) {
      log.error("configuration reload failed; keeping the current settings. {}", e.getMessage());
      return false;
    }
    // Read before anything is applied, so that a refused file changes nothing.
    Optional<TlsMaterial> metricsMaterial = Optional.empty();
    if (metricsTls.isPresent()) {
      try {
        // metrics.* is restart-only: the startup's files, maybe with new contents.
        metricsMaterial = Optional.of(TlsMaterial.load(metricsTlsFiles,
            MetricsEndpointSetup.SECTION));
      } catch (TlsMaterialException e) {
        log.error("configuration reload failed; keeping the current settings. {}",
            e.getMessage());
        return false;
      }
    }
    if (tls.isPresent() && prepared.tlsMaterial().isPresent()) {
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
    // stay within server.worker_threads, server.worker_queue_capacity and streams.max_open.
    runner.replaceLimits(next.limits());
    quotas.update(next.quotas());
    tokens.ifPresent(store -> warnAboutUnknownClients(next, store.current()));
    DesignCache.setCapacityBytes(next.limits().filterCacheBytes());
    applyLogLevel(next);
    // Restart-only settings keep their startup values until a restart: compare with those.
    warnAboutRestart(effective, prepared.loaded().effective());
    config = next;
    log.info("configuration reloaded: {} tokens, limits {} (maximums {}), quotas {} (clients"
            + " {}), TLS {}",
        tokens.map(store -> store.current().size()).orElse(0), next.limits().defaults(),
        next.limits().maximums(), next.quotas().defaults(), next.quotas().clients(),
        tls.isPresent() ? "certificates reloaded" : "off");
    return true;
  }

  /** Keeps per-client quota state and metric series for the clients of {@code set} only. */
  private void followClients(TokenSet set) {
    quotas.retainClients(set.clientNames());
    metrics.ifPresent(m -> m.retainClients(set.clientNames()));
  }

  /** Warns about {@code quotas.clients} entries that name no client of the tokens file. */
  private static void warnAboutUnknownClients(RemoteMediaConfig config, TokenSet set) {
    List<String> unknown = config.quotas().clients().keySet().stream()
        .filter(client -> !set.clientNames().contains(client)).sorted().toList();
    if (!unknown.isEmpty()) {
      log.warn("quotas.clients names clients that are not in the tokens file, so their quotas"
          + " apply to nobody: {} (clients: {})", unknown, set.clientNames());
    }
  }

  /** Returns the per-client quotas in force. */
  ClientQuotas quotas() {
    return quotas;
  }

  /** {@return the port the server listens on: the one bound, also when 0 was configured} */
  public int port() {
    return server.port();
  }

  /** {@return the configuration in force} */
  public synchronized RemoteMediaConfig config() {
    return config;
  }

  /** {@return what was logged as the effective configuration at startup (secrets redacted)} */
  public EffectiveConfig effectiveConfig() {
    return effective;
  }

  /** {@return whether the server speaks TLS} */
  public boolean tlsEnabled() {
    return tls.isPresent();
  }

  /** Returns the current token set, if authentication is on. */
  Optional<TokenSet> tokens() {
    return tokens.map(TokenStore::current);
  }

  /** Returns the runner calls use now. */
  LocalPipelineRunner currentRunner() {
    return runner.current();
  }

  /**
   * The graceful shutdown with the configured pre-stop delay and grace period: health turns
   * NOT_SERVING, calls are refused, in-flight calls finish (see {@link
   * RemoteMediaServer#drain}); then the metrics endpoint, the tokens watcher and the event
   * loops stop.
   */
  public void drain() {
    ServerConfig settings = config().server();
    stop(new DrainSettings(Duration.ofMillis(settings.preStopDelayMs()),
        Duration.ofMillis(settings.shutdownGraceMs())));
  }

  /**
   * Drains without a pre-stop delay, within {@code grace}, and stops everything.
   *
   * @param grace how long in-flight calls may run after the server stops accepting calls
   */
  public void shutdown(Duration grace) {
    stop(new DrainSettings(Duration.ZERO, grace));
  }

  /** {@return the port of the metrics endpoint, if it is on} */
  public Optional<Integer> metricsPort() {
    return Optional.ofNullable(metricsHttp).map(MetricsHttpServer::port);
  }

  /** {@return the network transport in use (native epoll or NIO)} */
  NettyTransport.Kind transportKind() {
    return transport.kind();
  }

  private void stop(DrainSettings drain) {
    try {
      server.drain(drain);
    } finally {
      if (metricsHttp != null) {
        metricsHttp.close();
      }
      tokens.ifPresent(TokenStore::close);
      tlsWatcher.ifPresent(TlsFileWatcher::close);
      metricsTlsWatcher.ifPresent(TlsFileWatcher::close);
      transport.close();
    }
  }

  /**
   * Blocks until the server has terminated.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** The configuration with its tokens, certificates and metrics credentials read and checked. */
  private record Prepared(LoadedConfig loaded, Optional<TokenSet> tokens,
      Optional<TlsMaterial> tlsMaterial, MetricsEndpointSetup.Read metrics) {}

  /**
   * A server does not start with a tokens file of no clients, which no caller could pass; a
   * running server takes such a file as every client revoked (the reloads, which skip this).
   */
  private static LoadedConfig withClientsRequired(Prepared prepared) {
    if (prepared.tokens().filter(TokenSet::isEmpty).isEmpty()) {
      return prepared.loaded();
    }
    return prepared.loaded().withProblems(List.of(new ConfigProblem("auth.tokens_file",
        prepared.loaded().config().auth().tokensFile().orElseThrow() + ": holds no tokens; add"
            + " lines printed by \"hash-token NAME\"")));
  }

  private static Prepared prepare(LoadedConfig loaded) {
    RemoteMediaConfig config = loaded.config();
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<TokenSet> tokens = Optional.empty();
    if (config.auth().enabled() && config.auth().tokensFile().isPresent()) {
      Path file = config.auth().tokensFile().get();
      try {
        TokenSet set = TokenFile.read(file);
        tokens = Optional.of(set);
        loaded = loaded.withEffective("auth.tokens", String.join(", ", set.clientNames())
            + " (SHA-256 hashes " + EffectiveConfig.REDACTED + ")",
            "tokens file");
      } catch (TokenFileException e) {
        e.problems().forEach(problem -> problems.add(new ConfigProblem("auth.tokens_file",
            problem)));
      }
    }
    Optional<TlsMaterial> material = Optional.empty();
    if (config.tls().enabled() && config.tls().certFile().isPresent()
        && config.tls().keyFile().isPresent()) {
      try {
        material = Optional.of(TlsMaterial.load(config.tls()));
      } catch (TlsMaterialException e) {
        problems.add(new ConfigProblem(e.key(), e.detail()));
      }
    }
    MetricsEndpointSetup.Read metrics = MetricsEndpointSetup.read(config.metrics(), problems);
    return new Prepared(loaded.withProblems(problems), tokens, material, metrics);
  }

  /**
   * Returns the runner the configuration describes: its limits, and the server's whole
   * capacity, which the runner's admission is the one check of ({@code server.worker_threads}
   * executions at once, {@code server.worker_queue_capacity} waiting, {@code
   * streams.max_open} open streams).
   */
  static LocalPipelineRunner.Builder runnerBuilder(RemoteMediaConfig config) {
    return LocalPipelineRunner.builder()
        .registry(NodeRegistry.standard())
        .limits(config.limits().defaults(), config.limits().maximums())
        .maxConcurrent(config.server().workerThreads())
        .maxQueued(config.server().workerQueueCapacity())
        .maxStreams(config.streams().maxOpen())
        .maxStreamDurationMs(config.streams().sessions().maxSessionMs())
        .totalMemoryBytes(config.limits().totalMemoryBytes());
  }

  private static void applyLogLevel(RemoteMediaConfig config) {
    Configurator.setRootLevel(Level.valueOf(config.logging().level().name()));
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

  private static void warnAboutRestart(EffectiveConfig before, EffectiveConfig after) {
    List<String> changed = RestartOnlySettings.changed(before, after);
    if (!changed.isEmpty()) {
      log.warn("changed settings that take effect only on restart, kept as they were: {}",
          String.join(", ", changed));
    }
  }

  @Override
  public String toString() {
    return "ConfiguredServer[port=" + port() + ", tls=" + tls.isPresent() + ", auth="
        + tokens.isPresent() + "]";
  }

}
