package io.remotemedia.server;

import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.AuthInterceptor;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.auth.TokenStore;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.EffectiveConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.config.ServerConfig;
import io.remotemedia.server.internal.logging.StructuredMessage;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.FileDescriptorBudget;
import io.remotemedia.server.internal.netty.NettyTransport;
import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.metrics.MetricsAccess;
import io.remotemedia.server.metrics.MetricsHttpServer;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.quota.ClientQuotas;
import io.remotemedia.server.tls.ServerTls;
import io.remotemedia.server.tls.TlsFileWatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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

  private final RemoteMediaServer server;
  private final ReloadableRunner runner;
  private final ConfiguredObservability calls;
  private final Optional<ServerTls> tls;
  private final Optional<TlsFileWatcher> tlsWatcher;
  private final Optional<TlsFileWatcher> metricsTlsWatcher;
  private final EffectiveConfig effective;
  private final NettyTransport transport;
  private final ConfigReload reload;
  private MetricsHttpServer metricsHttp;

  private ConfiguredServer(ConfigLoader loader, PreparedConfig prepared, NettyTransport transport,
      CollectorRegistry registry, AuthFailureListener listener,
      List<ServerInterceptor> innerInterceptors) throws ConfigException {
    this.transport = transport;
    RemoteMediaConfig config = prepared.loaded().orThrow();
    this.effective = prepared.loaded().effective();
    ServerConfig settings = config.server();
    this.tls = prepared.serverTls();
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    NettyServerBuilder builder = tls.isEmpty() ? transport.serverBuilder(address)
        : transport.serverBuilder(address, tls.get().credentials());
    // Added before the server's own, so they run innermost: after authentication.
    innerInterceptors.forEach(builder::intercept);
    this.calls = new ConfiguredObservability(config, prepared.tokens(), registry, listener);
    boolean built = false;
    try {
      LocalPipelineRunner local = runnerBuilder(config).build();
      this.runner = new ReloadableRunner(local);
      this.server = new RemoteMediaServer(builder, runner, ServerSettings.of(settings),
          calls.observability(), config.streams().sessions());
      // Silent connections would otherwise hold the drain for the handshake timeout.
      server.addDrainListener(transport::closeHandshakingConnections);
      calls.metrics().ifPresent(metrics -> bindMetrics(metrics, local));
      this.reload = new ConfigReload(loader, prepared, runner, calls, tls);
      // Renewed certificate files (a Secret cert-manager updates) reach new connections.
      this.tlsWatcher = tls.map(t -> TlsFileWatcher.start(() -> config().tls(), "tls", t,
          TlsFileWatcher.CHECK_INTERVAL));
      // metrics.* is restart-only: the endpoint keeps the startup's files.
      this.metricsTlsWatcher = prepared.metrics().tls().map(t -> TlsFileWatcher.start(
          () -> config.metrics().tls(), MetricsEndpointSetup.SECTION, t,
          TlsFileWatcher.CHECK_INTERVAL));
      built = true;
    } finally {
      if (!built) {
        // The tokens file's watcher runs from here on; start() releases the rest.
        calls.close();
      }
    }
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
   * authentication, where they see {@link AuthInterceptor#CLIENT_NAME}. A start that fails,
   * for any reason, stops what it had started (event loops, metrics endpoint, watchers).
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
    PreparedConfig prepared = PreparedConfig.read(loader.load());
    RemoteMediaConfig config = prepared.withClientsRequired().orThrow();
    ConfigReload.applyLogLevel(config);
    log.info("{}", prepared.loaded().effective().render());
    StartupWarnings.log(config, prepared.tokens());
    DesignCache.setCapacityBytes(config.limits().filterCacheBytes());
    FileDescriptorBudget.check(config.server().maxConnections());
    NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults().withAdmission(
        Duration.ofMillis(config.server().handshakeTimeoutMs()),
        config.server().maxConnections(), config.server().maxStreamResetsPer10s()));
    CollectorRegistry registry = new CollectorRegistry();
    ConfiguredServer configured = null;
    boolean started = false;
    try {
      configured = new ConfiguredServer(loader, prepared, transport, registry, listener,
          innerInterceptors);
      configured.listen(config, registry, prepared.metrics().access());
      started = true;
      return configured;
    } finally {
      // Whatever stopped the start (a taken port, a refused interceptor, a defect), what it
      // made is released, so an application that embeds the server and goes on keeps no
      // event loops, metrics endpoint or watcher threads of it.
      if (!started) {
        if (configured == null) {
          transport.close();
        } else {
          configured.shutdown(Duration.ZERO);
        }
      }
    }
  }

  /** Binds the metrics endpoint, if it is on, then the gRPC port. */
  private void listen(RemoteMediaConfig config, CollectorRegistry registry,
      MetricsAccess access) throws IOException {
    // Metrics bind first: a taken metrics port stops the start before any call is served.
    if (calls.metrics().isPresent()) {
      metricsHttp = startMetricsEndpoint(config, registry, access);
    }
    try {
      server.start();
    } catch (IOException e) {
      throw PortBindException.of(PortBindException.Listener.GRPC, config.server().host(),
          config.server().port(), effective, e);
    }
  }

  /** Serves {@code registry} on {@code metrics.host} and {@code metrics.port}. */
  private MetricsHttpServer startMetricsEndpoint(RemoteMediaConfig config,
      CollectorRegistry registry, MetricsAccess access) throws PortBindException {
    String host = config.metrics().host();
    MetricsHttpServer endpoint;
    try {
      endpoint = MetricsHttpServer.start(host, config.metrics().port(), registry, access,
          server::isServing);
    } catch (IOException e) {
      throw PortBindException.of(PortBindException.Listener.METRICS, host,
          config.metrics().port(), effective, e);
    }
    log.info(StructuredMessage.of("metrics.listening", "metrics on " + access.scheme()
            + "://" + host + ":" + endpoint.port() + "/metrics"
            + (access.credentials().isPresent() ? " (basic authentication)" : ""))
        .with("port", endpoint.port()));
    return endpoint;
  }

  /**
   * Exports the transport's connection limit and errors, the capacity that every runner a
   * reload swaps in shares (so these stay true), and the served certificate's expiry.
   */
  private void bindMetrics(ServerMetrics metrics, LocalPipelineRunner local) {
    metrics.bindConnectionLimit(transport.connectionLimit());
    metrics.bindConnectionErrors(transport.connectionErrors());
    metrics.bindAdmission(local.admission());
    metrics.bindMemory(local.memory());
    metrics.recordStreamLimit(local.streams().maxConcurrent());
    tls.ifPresent(t -> metrics.bindCertificateExpiry(t::notAfter));
  }

  /**
   * Re-reads the configuration and applies what can change live: the tokens, the TLS
   * certificate, key and client CA bundle, the limits, the per-client quotas and the log
   * level. Anything else that changed is logged as needing a restart.
   *
   * @return whether the new configuration was applied; if not, the log says why and the old
   *     settings stay
   */
  public boolean reload() {
    return reload.reload();
  }

  /** Returns the per-client quotas in force. */
  ClientQuotas quotas() {
    return calls.quotas();
  }

  /** {@return the port the server listens on: the one bound, also when 0 was configured} */
  public int port() {
    return server.port();
  }

  /**
   * {@return the configuration in force: the last one applied, whose restart-only settings
   * (the {@code server}, {@code metrics} and {@code streams} sections, and the keys
   * docs/configuration.md marks "restart" in the others) are those the server started with}
   */
  public RemoteMediaConfig config() {
    return reload.current();
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
    return calls.tokens().map(TokenStore::current);
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
      calls.close();
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

  @Override
  public String toString() {
    return "ConfiguredServer[port=" + port() + ", tls=" + tls.isPresent() + ", auth="
        + calls.tokens().isPresent() + "]";
  }

}
