package io.remotemedia.server.config;

import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration: embedded defaults, then the YAML file, then environment variables
 * ({@code REMOTEMEDIA_SERVER_PORT} for {@code server.port}), then command-line flags, each layer
 * overriding the one before. Unknown keys and unknown {@code REMOTEMEDIA_*} variables are
 * problems with a "did you mean" hint; every problem is collected and reported together.
 *
 * <pre>{@code
 * LoadedConfig loaded = ConfigLoader.builder()
 *     .file(Path.of("config.yaml"))
 *     .environment(System.getenv())
 *     .flag("server.port", "--port", "0")
 *     .build()
 *     .load();
 * RemoteMediaConfig config = loaded.orThrow();
 * }</pre>
 *
 * <p>A loader can {@link #load()} any number of times (SIGHUP reloads read the same sources
 * again). Immutable and thread-safe.
 */
public final class ConfigLoader {
  /** The environment variable that names the configuration file. */
  public static final String CONFIG_FILE_VARIABLE = "REMOTEMEDIA_CONFIG";
  /** The gRPC methods that need no token unless configured otherwise. */
  public static final List<String> DEFAULT_EXEMPT_METHODS =
      List.of("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch");

  private static final String PREFIX = "REMOTEMEDIA_";
  private static final ConnectionSettings CONNECTION_DEFAULTS = ConnectionSettings.defaults();
  private static final String CALLS_AWAITING_REQUEST_PER_CONNECTION =
      "server.max_calls_awaiting_request_per_connection";

  private final Optional<Path> file;
  private final Map<String, String> environment;
  private final Map<String, FlagOverride> flags;
  private final int cores;

  /**
   * A command-line flag that sets a key, with the highest precedence.
   *
   * @param key the dotted key, such as {@code server.port}
   * @param flag the flag as typed, such as {@code --port}
   * @param value the flag's value
   */
  public record FlagOverride(String key, String flag, String value) {}

  private ConfigLoader(Builder builder) {
    this.file = builder.file;
    this.environment = Map.copyOf(builder.environment);
    this.flags = Map.copyOf(builder.flags);
    this.cores = builder.cores;
  }

  /**
   * Starts a loader with no file, no environment and no flags: the embedded defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the environment variable that sets {@code key}: {@code REMOTEMEDIA_SERVER_PORT} for
   * {@code server.port}}
   *
   * @param key a dotted configuration key, such as {@code server.port}
   */
  public static String environmentVariable(String key) {
    return ConfigReader.environmentName(key);
  }

  /** {@return the configuration file, if any} */
  public Optional<Path> file() {
    return file;
  }

  /**
   * Reads every layer again and validates the result. Never throws for bad settings.
   *
   * @return the configuration with every problem found; {@link LoadedConfig#orThrow()} gives the
   *     settings or the problems
   */
  public LoadedConfig load() {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, RawValue> fileValues = Map.of();
    Map<String, String> keySubjects = Map.of();
    if (file.isPresent()) {
      YamlConfigFile yaml = YamlConfigFile.read(file.get());
      problems.addAll(yaml.problems());
      fileValues = yaml.values();
      keySubjects = yaml.keySubjects();
    }
    ConfigReader reader = new ConfigReader(fileValues, keySubjects, environment, flags);
    RemoteMediaConfig config = read(reader);
    problems.addAll(reader.problems());
    problems.addAll(unknownKeys(fileValues, keySubjects, reader.knownKeys()));
    problems.addAll(unknownVariables(reader.knownKeys()));
    String source = file.map(Path::toString).orElse("configuration");
    return new LoadedConfig(config, reader.effective(), source, problems, reader.subjects());
  }

  private RemoteMediaConfig read(ConfigReader reader) {
    ServerConfig server = readServer(reader);
    LimitsConfig limits = readLimits(reader);
    AuthConfig auth = readAuth(reader);
    TlsConfig tls = readTls(reader);
    LoggingConfig logging = new LoggingConfig(
        reader.choice("logging.level", LoggingConfig.Level.class, LoggingConfig.Level.INFO));
    MetricsConfig metrics = readMetrics(reader);
    StreamsConfig streams = new StreamsConfig(new StreamSettings(
        reader.longValue("streams.idle_timeout_ms", StreamSettings.DEFAULT_IDLE_TIMEOUT_MS, 1,
            Long.MAX_VALUE),
        reader.longValue("streams.max_session_ms", StreamSettings.DEFAULT_MAX_SESSION_MS, 1,
            Long.MAX_VALUE),
        reader.choice("streams.chunk_thread", ChunkThread.class, ChunkThread.TRANSPORT),
        reader.longValue("streams.resume_window_ms", StreamSettings.DEFAULT_RESUME_WINDOW_MS, 0,
            Long.MAX_VALUE),
        reader.longValue("streams.resume_buffer_bytes",
            StreamSettings.DEFAULT_RESUME_BUFFER_BYTES, 1024, Long.MAX_VALUE)),
        reader.intValue("streams.max_open", LocalPipelineRunner.DEFAULT_MAX_STREAMS, 1,
            1_000_000));
    crossCheck(reader, server, limits, auth, tls, metrics);
    // Derived defaults, once the values they derive from are known.
    int workers = server.workerThreads() == 0 ? cores : server.workerThreads();
    int queue = server.workerQueueCapacity() == 0
        ? LocalPipelineRunner.DEFAULT_QUEUED_PER_SLOT * workers : server.workerQueueCapacity();
    int messageBytes = server.maxInboundMessageBytes() == 0
        ? ServerConfig.messageBytesFor(limits.maximums().maxInputSamples())
        : server.maxInboundMessageBytes();
    reader.resolved("server.worker_threads", workers, server.workerThreads() == 0);
    reader.resolved("server.worker_queue_capacity", queue, server.workerQueueCapacity() == 0);
    reader.resolved("server.max_inbound_message_bytes", messageBytes,
        server.maxInboundMessageBytes() == 0);
    long bytesInTransit = server.maxRequestBytesInTransit() == 0
        ? ServerSettings.defaultRequestBytesInTransit(messageBytes)
        : server.maxRequestBytesInTransit();
    if (bytesInTransit < messageBytes) {
      reader.problem("server.max_request_bytes_in_transit", "must be 0 (automatic) or at least"
          + " server.max_inbound_message_bytes (" + messageBytes + "), so that the largest"
          + " request fits; was " + bytesInTransit);
      bytesInTransit = messageBytes;
    }
    reader.resolved("server.max_request_bytes_in_transit", bytesInTransit,
        server.maxRequestBytesInTransit() == 0);
    int perConnection = callsAwaitingRequestPerConnection(reader, server);
    ServerConfig resolved = new ServerConfig(server.host(), server.port(), workers, queue,
        messageBytes, server.shutdownGraceMs(), server.preStopDelayMs(),
        server.maxConnections(), server.handshakeTimeoutMs(), server.inlineMaxNodeSamples(),
        server.maxStreamResetsPer10s(), server.maxCallsAwaitingRequest(), perConnection,
        server.requestArrivalTimeoutMs(), bytesInTransit, server.flowControlWindowBytes());
    return new RemoteMediaConfig(resolved, limits, auth, tls, logging, metrics, streams,
        QuotasSection.read(reader));
  }

  private static ServerConfig readServer(ConfigReader reader) {
    return new ServerConfig(
        reader.string("server.host", "127.0.0.1"),
        reader.intValue("server.port", 50051, 0, 65535),
        reader.intValue("server.worker_threads", 0, 0, 1024),
        reader.intValue("server.worker_queue_capacity", 0, 0, 1_000_000),
        inboundMessageBytes(reader),
        reader.longValue("server.shutdown_grace_ms", 30_000, 0, Long.MAX_VALUE),
        reader.longValue("server.pre_stop_delay_ms", 0, 0, Long.MAX_VALUE),
        reader.intValue("server.max_connections", CONNECTION_DEFAULTS.maxConnections(), 1,
            1_000_000),
        reader.longValue("server.handshake_timeout_ms",
            CONNECTION_DEFAULTS.handshakeTimeout().toMillis(), 1, 600_000),
        reader.longValue("server.inline_max_node_samples",
            ServerSettings.DEFAULT_INLINE_MAX_NODE_SAMPLES, 0, Long.MAX_VALUE),
        reader.intValue("server.max_stream_resets_per_10s",
            CONNECTION_DEFAULTS.maxResetsPerWindow(), 1, 1_000_000),
        reader.intValue("server.max_calls_awaiting_request",
            ServerSettings.DEFAULT_MAX_CALLS_AWAITING_REQUEST, 1, 1_000_000),
        reader.intValue(CALLS_AWAITING_REQUEST_PER_CONNECTION, 0, 0, 1_000_000),
        reader.longValue("server.request_arrival_timeout_ms",
            ServerSettings.DEFAULT_REQUEST_ARRIVAL_TIMEOUT.toMillis(), 1, 3_600_000),
        reader.longValue("server.max_request_bytes_in_transit", 0, 0, Long.MAX_VALUE),
        reader.intValue("server.flow_control_window_bytes",
            ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES,
            ServerSettings.MIN_FLOW_CONTROL_WINDOW_BYTES,
            ServerSettings.MAX_FLOW_CONTROL_WINDOW_BYTES));
  }

  /**
   * {@return one connection's share of the calls awaiting their request: 0 resolved to its
   * default, a value above the whole server's bound a problem (and that bound)}
   */
  private static int callsAwaitingRequestPerConnection(ConfigReader reader,
      ServerConfig server) {
    int whole = server.maxCallsAwaitingRequest();
    int share = server.maxCallsAwaitingRequestPerConnection();
    if (share > whole) {
      reader.problem(CALLS_AWAITING_REQUEST_PER_CONNECTION, "must be 0 (automatic) or at most"
          + " server.max_calls_awaiting_request (" + whole + "), the whole server's bound of"
          + " which it is one connection's share; was " + share);
      share = whole;
    }
    int resolved = share == 0
        ? ServerSettings.defaultCallsAwaitingRequestPerConnection(whole) : share;
    reader.resolved(CALLS_AWAITING_REQUEST_PER_CONNECTION, resolved, share == 0);
    return resolved;
  }

  /** 0 (derive it from the input limit) or at least the smallest limit a server accepts. */
  private static int inboundMessageBytes(ConfigReader reader) {
    String key = "server.max_inbound_message_bytes";
    int bytes = reader.intValue(key, 0, 0, Integer.MAX_VALUE);
    if (bytes != 0 && bytes < ServerConfig.MIN_INBOUND_MESSAGE_BYTES) {
      reader.problem(key, "must be 0 (derived from limits.maximums.max_input_samples) or >= "
          + ServerConfig.MIN_INBOUND_MESSAGE_BYTES + ", was " + bytes);
      return 0;
    }
    return bytes;
  }

  private static LimitsConfig readLimits(ConfigReader reader) {
    ExecutionLimits d = ExecutionLimits.DEFAULTS;
    ExecutionLimits maximums = new ExecutionLimits(
        reader.longValue("limits.maximums.timeout_ms", d.timeoutMs(), 1, Long.MAX_VALUE),
        reader.longValue("limits.maximums.max_memory_bytes", d.maxMemoryBytes(), 1,
            Long.MAX_VALUE),
        reader.longValue("limits.maximums.max_input_samples", d.maxInputSamples(), 1,
            Long.MAX_VALUE));
    // An unset default follows a lowered maximum; a default set above it is a problem.
    ExecutionLimits defaults = new ExecutionLimits(
        reader.longValue("limits.defaults.timeout_ms",
            Math.min(d.timeoutMs(), maximums.timeoutMs()), 1, Long.MAX_VALUE),
        reader.longValue("limits.defaults.max_memory_bytes",
            Math.min(d.maxMemoryBytes(), maximums.maxMemoryBytes()), 1, Long.MAX_VALUE),
        reader.longValue("limits.defaults.max_input_samples",
            Math.min(d.maxInputSamples(), maximums.maxInputSamples()), 1, Long.MAX_VALUE));
    long total = reader.longValue("limits.total_memory_bytes", 0, 0, Long.MAX_VALUE);
    long resolvedTotal = total == 0 ? LocalPipelineRunner.defaultTotalMemoryBytes() : total;
    reader.resolved("limits.total_memory_bytes", resolvedTotal, total == 0);
    return new LimitsConfig(defaults, maximums, reader.longValue("limits.filter_cache_bytes",
        DesignCache.DEFAULT_CAPACITY_BYTES, 0, Long.MAX_VALUE), resolvedTotal);
  }

  private static AuthConfig readAuth(ConfigReader reader) {
    boolean enabled = reader.booleanValue("auth.enabled", false);
    return new AuthConfig(enabled, reader.isExplicit("auth.enabled"),
        reader.path("auth.tokens_file"),
        reader.longValue("auth.tokens_file_check_ms", 2_000, 0, Long.MAX_VALUE),
        ServedMethods.readExempt(reader, DEFAULT_EXEMPT_METHODS),
        reader.intValue("auth.max_failures_per_peer", 20, 0, 1_000_000),
        reader.longValue("auth.failure_window_ms", 10_000, 1, Long.MAX_VALUE),
        reader.longValue("auth.failure_block_ms", 30_000, 1, Long.MAX_VALUE));
  }

  private static MetricsConfig readMetrics(ConfigReader reader) {
    boolean enabled = reader.booleanValue("metrics.enabled", true);
    String host = reader.string("metrics.host", MetricsConfig.DEFAULT_HOST);
    int port = reader.intValue("metrics.port", MetricsConfig.DEFAULT_PORT, 0, 65535);
    Optional<String> username = reader.optionalString("metrics.basic_auth.username");
    Optional<Path> passwordFile = reader.path("metrics.basic_auth.password_file");
    TlsConfig tls = new TlsConfig(
        reader.booleanValue("metrics.tls.enabled", false),
        reader.path("metrics.tls.cert_file"),
        reader.path("metrics.tls.key_file"),
        Optional.empty(), TlsConfig.ClientAuth.NONE, false);
    return new MetricsConfig(enabled, host, port, username, passwordFile, tls);
  }

  private static TlsConfig readTls(ConfigReader reader) {
    return new TlsConfig(
        reader.booleanValue("tls.enabled", false),
        reader.path("tls.cert_file"),
        reader.path("tls.key_file"),
        reader.path("tls.client_ca_file"),
        reader.choice("tls.client_auth", TlsConfig.ClientAuth.class, TlsConfig.ClientAuth.NONE),
        reader.booleanValue("tls.required", false));
  }

  private static void crossCheck(ConfigReader reader, ServerConfig server, LimitsConfig limits,
      AuthConfig auth, TlsConfig tls, MetricsConfig metrics) {
    checkAtMost(reader, "timeout_ms", limits.defaults().timeoutMs(),
        limits.maximums().timeoutMs());
    checkAtMost(reader, "max_memory_bytes", limits.defaults().maxMemoryBytes(),
        limits.maximums().maxMemoryBytes());
    checkAtMost(reader, "max_input_samples", limits.defaults().maxInputSamples(),
        limits.maximums().maxInputSamples());
    if (auth.enabled() && auth.tokensFile().isEmpty()) {
      reader.problem("auth.enabled", "auth.enabled is true but auth.tokens_file is not set");
    }
    if (!auth.enabled() && !auth.enabledExplicitly() && !server.bindsLoopbackOnly()) {
      reader.problem("server.host", "binding \"" + server.host() + "\" (not loopback) with "
          + "authentication off needs an explicit auth.enabled: false; "
          + "or turn authentication on with auth.enabled: true and auth.tokens_file");
    }
    if (tls.required() && !tls.enabled()) {
      reader.problem("tls.required", "tls.required is true, so the server refuses to start "
          + "without TLS: set tls.enabled: true with tls.cert_file and tls.key_file");
    }
    if (tls.enabled() && tls.certFile().isEmpty()) {
      reader.problem("tls.enabled", "tls.enabled is true but tls.cert_file is not set");
    }
    if (tls.enabled() && tls.keyFile().isEmpty()) {
      reader.problem("tls.enabled", "tls.enabled is true but tls.key_file is not set");
    }
    if (tls.clientAuth() != TlsConfig.ClientAuth.NONE && !tls.enabled()) {
      reader.problem("tls.client_auth", "client certificates need TLS: set tls.enabled: true");
    }
    if (tls.clientAuth() != TlsConfig.ClientAuth.NONE && tls.clientCaFile().isEmpty()) {
      reader.problem("tls.client_auth",
          "verifying client certificates needs tls.client_ca_file (the CA bundle)");
    }
    if (metrics.enabled() && metrics.port() != 0 && metrics.port() == server.port()) {
      reader.problem("metrics.port", "must differ from server.port, both are " + server.port());
    }
    if (metrics.basicAuthUsername().isPresent() != metrics.basicAuthPasswordFile().isPresent()) {
      reader.problem(metrics.basicAuthUsername().isPresent()
              ? "metrics.basic_auth.username" : "metrics.basic_auth.password_file",
          "basic authentication needs both metrics.basic_auth.username and"
              + " metrics.basic_auth.password_file");
    }
    if (metrics.tls().enabled() && metrics.tls().certFile().isEmpty()) {
      reader.problem("metrics.tls.enabled",
          "metrics.tls.enabled is true but metrics.tls.cert_file is not set");
    }
    if (metrics.tls().enabled() && metrics.tls().keyFile().isEmpty()) {
      reader.problem("metrics.tls.enabled",
          "metrics.tls.enabled is true but metrics.tls.key_file is not set");
    }
  }

  private static void checkAtMost(ConfigReader reader, String name, long value, long maximum) {
    if (value > maximum) {
      reader.problem("limits.defaults." + name, "must be <= limits.maximums." + name + " ("
          + maximum + "), was " + value);
    }
  }

  /**
   * The file's keys that name no setting: a key where a section belongs is named at its value,
   * an unknown one at the key itself ({@code keySubjects}).
   */
  private static List<ConfigProblem> unknownKeys(Map<String, RawValue> fileValues,
      Map<String, String> keySubjects, Set<String> known) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, RawValue> entry : fileValues.entrySet()) {
      String key = entry.getKey();
      if (known.contains(key)) {
        continue;
      }
      String section = key + ".";
      Set<String> children = new TreeSet<>();
      known.stream().filter(k -> k.startsWith(section)).forEach(children::add);
      if (!children.isEmpty()) {
        problems.add(new ConfigProblem(entry.getValue().subject(),
            "expected a section with keys " + String.join(", ", children)));
      } else {
        problems.add(new ConfigProblem(keySubjects.getOrDefault(key,
            entry.getValue().subject()), "unknown key" + ClosestMatch.hint(key, known)));
      }
    }
    return problems;
  }

  private List<ConfigProblem> unknownVariables(Set<String> knownKeys) {
    Set<String> names = new TreeSet<>();
    knownKeys.forEach(key -> names.add(ConfigReader.environmentName(key)));
    names.add(CONFIG_FILE_VARIABLE);
    List<ConfigProblem> problems = new ArrayList<>();
    for (String variable : new TreeSet<>(environment.keySet())) {
      if (variable.startsWith(PREFIX) && !names.contains(variable)
          && !environment.get(variable).isEmpty()) {
        problems.add(new ConfigProblem(variable,
            "unknown RemoteMedia environment variable" + ClosestMatch.hint(variable, names)));
      }
    }
    return problems;
  }

  /** Configures a {@link ConfigLoader}. Not thread-safe. */
  public static final class Builder {
    private Optional<Path> file = Optional.empty();
    private Map<String, String> environment = Map.of();
    private final Map<String, FlagOverride> flags = new LinkedHashMap<>();
    private int cores = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * The YAML file; default none (embedded defaults only).
     *
     * @param file the YAML file; not null
     * @return this builder
     */
    public Builder file(Path file) {
      this.file = Optional.of(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * The environment variables, usually {@code System.getenv()}.
     *
     * @param environment the variables; copied. Only {@code REMOTEMEDIA_*} names are read
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * A command-line flag that overrides {@code key}.
     *
     * @param key the dotted key the flag sets, such as {@code server.port}
     * @param flag the flag as typed, such as {@code --port}, for the effective configuration's
     *     source column
     * @param value the flag's value, parsed as the key's type
     * @return this builder
     */
    public Builder flag(String key, String flag, String value) {
      flags.put(key, new FlagOverride(key, flag, value));
      return this;
    }

    /** The core count that derived defaults use; default this machine's. For tests. */
    Builder cores(int cores) {
      this.cores = cores;
      return this;
    }

    /**
     * Builds the loader.
     *
     * @return a loader with the sources set on this builder
     */
    public ConfigLoader build() {
      return new ConfigLoader(this);
    }
  }
}
