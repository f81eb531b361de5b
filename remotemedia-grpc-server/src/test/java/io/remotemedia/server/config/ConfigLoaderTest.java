package io.remotemedia.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.StreamSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path temp;

  @Test
  void load_noSources_givesTheEmbeddedDefaults() throws ConfigException {
    RemoteMediaConfig config = ConfigLoader.builder().cores(2).build().load().orThrow();

    assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 50051, 2, 8,
        (int) (ExecutionLimits.DEFAULTS.maxInputSamples() * 4 + (1 << 20)), 30_000, 0,
        /* maxConnections= */ 10_000, /* handshakeTimeoutMs= */ 10_000,
        /* inlineMaxNodeSamples= */ 48_000, /* maxStreamResetsPer10s= */ 1_000,
        /* maxCallsAwaitingRequest= */ 10_000,
        /* maxCallsAwaitingRequestPerConnection= a tenth */ 1_000,
        /* requestArrivalTimeoutMs= */ 60_000,
        /* maxRequestBytesInTransit= */ Math.max(
            ExecutionLimits.DEFAULTS.maxInputSamples() * 4 + (1 << 20),
            Runtime.getRuntime().maxMemory() / 4),
        /* flowControlWindowBytes= 512 KiB */ 524_288));
    assertThat(config.limits()).isEqualTo(new LimitsConfig(ExecutionLimits.DEFAULTS,
        ExecutionLimits.DEFAULTS, /* filterCacheBytes= */ 64L << 20,
        /* totalMemoryBytes= half the heap */ Runtime.getRuntime().maxMemory() / 2));
    assertThat(config.auth().enabled()).isFalse();
    assertThat(config.auth().enabledExplicitly()).isFalse();
    assertThat(config.auth().exemptMethods())
        .containsExactlyInAnyOrderElementsOf(ConfigLoader.DEFAULT_EXEMPT_METHODS);
    assertThat(config.tls().enabled()).isFalse();
    assertThat(config.tls().clientAuth()).isEqualTo(TlsConfig.ClientAuth.NONE);
    assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.INFO);
    assertThat(config.metrics()).isEqualTo(new MetricsConfig(true, "127.0.0.1", 9090,
        Optional.empty(), Optional.empty(), new TlsConfig(false, Optional.empty(),
            Optional.empty(), Optional.empty(), TlsConfig.ClientAuth.NONE, false)));
    assertThat(config.auth().maxFailuresPerPeer()).isEqualTo(20);
    assertThat(config.auth().failureWindowMs()).isEqualTo(10_000);
    assertThat(config.auth().failureBlockMs()).isEqualTo(30_000);
  }

  @Test
  void load_grpcOnAllInterfaces_keepsMetricsOnLoopback() throws ConfigException {
    RemoteMediaConfig config = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  host: 0.0.0.0\nauth:\n  enabled: false\n"))
        .build().load().orThrow();

    assertThat(config.server().bindsLoopbackOnly()).isFalse();
    assertThat(config.metrics().host()).isEqualTo("127.0.0.1");
    assertThat(config.metrics().bindsLoopbackOnly()).isTrue();
  }

  @Test
  void load_inlineMaxNodeSamples_isReadAndRangeCheckedWithItsLocation() throws Exception {
    Path off = write("""
        server:
          inline_max_node_samples: 0
        """);
    Path negative = write("""
        server:
          port: 50051
          inline_max_node_samples: -5
        """);

    RemoteMediaConfig config = ConfigLoader.builder().file(off).build().load().orThrow();
    LoadedConfig loaded = ConfigLoader.builder().file(negative).build().load();

    assertThat(config.server().inlineMaxNodeSamples()).isZero();
    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        "server.inline_max_node_samples (line 3, column 28): must be >= 0, was -5");
  }

  @Test
  void load_flowControlWindowBytes_isReadAndRangeCheckedWithItsLocation() throws Exception {
    Path larger = write("""
        server:
          flow_control_window_bytes: 4194304
        """);
    Path outOfRange = write("""
        server:
          port: 50051
          flow_control_window_bytes: 1024
        """);
    Path tooLarge = write("""
        server:
          flow_control_window_bytes: 16777217
        """);

    assertThat(ConfigLoader.builder().file(larger).build().load().orThrow().server()
        .flowControlWindowBytes()).isEqualTo(4 << 20);
    assertThat(ConfigLoader.builder().build().load().orThrow().server()
        .flowControlWindowBytes()).isEqualTo(512 * 1024);
    assertThat(ConfigLoader.builder().file(outOfRange).build().load().problems())
        .extracting(ConfigProblem::toString).containsExactly(
            "server.flow_control_window_bytes (line 3, column 30): must be in [65535,"
                + " 16777216], was 1024");
    assertThat(ConfigLoader.builder().file(tooLarge).build().load().problems())
        .extracting(ConfigProblem::toString).containsExactly(
            "server.flow_control_window_bytes (line 2, column 30): must be in [65535,"
                + " 16777216], was 16777217");
  }

  @Test
  void load_flowControlWindowBytesFromTheEnvironment_overridesTheFile() throws Exception {
    Path file = write("""
        server:
          flow_control_window_bytes: 1048576
        """);

    RemoteMediaConfig config = ConfigLoader.builder().file(file)
        .environment(Map.of("REMOTEMEDIA_SERVER_FLOW_CONTROL_WINDOW_BYTES", "65535"))
        .build().load().orThrow();
    LoadedConfig refused = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_SERVER_FLOW_CONTROL_WINDOW_BYTES", "65534"))
        .build().load();

    assertThat(config.server().flowControlWindowBytes()).isEqualTo(65_535);
    assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactly(
        "REMOTEMEDIA_SERVER_FLOW_CONTROL_WINDOW_BYTES (server.flow_control_window_bytes):"
            + " must be in [65535, 16777216], was 65534");
  }

  @Test
  void load_totalMemoryBytes_isReadAndShownResolvedWhenAuto() throws Exception {
    Path set = write("""
        limits:
          total_memory_bytes: 268435456
        """);
    Path negative = write("""
        limits:
          total_memory_bytes: -1
        """);

    LoadedConfig auto = ConfigLoader.builder().build().load();
    assertThat(ConfigLoader.builder().file(set).build().load().orThrow().limits()
        .totalMemoryBytes()).isEqualTo(268_435_456L);
    assertThat(auto.orThrow().limits().totalMemoryBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    assertThat(auto.effective().render()).contains("limits.total_memory_bytes = "
        + Runtime.getRuntime().maxMemory() / 2 + " (0: auto) (default)");
    assertThat(ConfigLoader.builder().file(negative).build().load().problems())
        .extracting(ConfigProblem::toString).containsExactly(
            "limits.total_memory_bytes (line 2, column 23): must be >= 0, was -1");
  }

  @Test
  void load_hardeningSettings_areReadAndRangeCheckedWithTheirLocation() throws Exception {
    Path good = write("""
        server:
          max_connections: 50
          handshake_timeout_ms: 2000
        limits:
          filter_cache_bytes: 8388608
        auth:
          max_failures_per_peer: 5
          failure_window_ms: 1000
          failure_block_ms: 2000
        metrics:
          host: 0.0.0.0
          basic_auth:
            username: prometheus
            password_file: /run/secrets/metrics-password
          tls:
            enabled: true
            cert_file: /etc/remotemedia/metrics.pem
            key_file: /etc/remotemedia/metrics.key
        """);
    Path bad = write("""
        server:
          max_connections: 0
          handshake_timeout_ms: -1
        limits:
          filter_cache_bytes: lots
        metrics:
          basic_auth:
            username: prometheus
          tls:
            enabled: true
        """);

    RemoteMediaConfig config = ConfigLoader.builder().file(good).build().load().orThrow();
    LoadedConfig loaded = ConfigLoader.builder().file(bad).build().load();

    assertThat(config.server().maxConnections()).isEqualTo(50);
    assertThat(config.server().handshakeTimeoutMs()).isEqualTo(2000);
    assertThat(config.limits().filterCacheBytes()).isEqualTo(8L << 20);
    assertThat(config.auth().maxFailuresPerPeer()).isEqualTo(5);
    assertThat(config.auth().failureWindowMs()).isEqualTo(1000);
    assertThat(config.auth().failureBlockMs()).isEqualTo(2000);
    assertThat(config.metrics().host()).isEqualTo("0.0.0.0");
    assertThat(config.metrics().basicAuthUsername()).contains("prometheus");
    assertThat(config.metrics().basicAuthPasswordFile())
        .contains(Path.of("/run/secrets/metrics-password"));
    assertThat(config.metrics().tls().enabled()).isTrue();
    assertThat(config.metrics().tls().certFile()).contains(Path.of("/etc/remotemedia/metrics.pem"));
    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        "server.max_connections (line 2, column 20): must be in [1, 1000000], was 0",
        "server.handshake_timeout_ms (line 3, column 25): must be in [1, 600000], was -1",
        "limits.filter_cache_bytes (line 5, column 23): must be a whole number, was \"lots\"",
        "metrics.basic_auth.username (line 8, column 15): basic authentication needs both"
            + " metrics.basic_auth.username and metrics.basic_auth.password_file",
        "metrics.tls.enabled (line 10, column 14): metrics.tls.enabled is true but"
            + " metrics.tls.cert_file is not set",
        "metrics.tls.enabled (line 10, column 14): metrics.tls.enabled is true but"
            + " metrics.tls.key_file is not set");
  }

  @Test
  void load_fileThenEnvironmentThenFlags_laterLayersWin() throws Exception {
    Path file = write("""
        server:
          host: localhost
          port: 6000
          shutdown_grace_ms: 1000
        limits:
          defaults:
            timeout_ms: 5000
        logging:
          level: debug
        """);
    LoadedConfig loaded = ConfigLoader.builder()
        .file(file)
        .environment(Map.of("REMOTEMEDIA_SERVER_PORT", "7000",
            "REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS", "2000",
            "REMOTEMEDIA_LOG_LEVEL", "warn",
            "PATH", "/usr/bin"))
        .flag("server.port", "--port", "8000")
        .build()
        .load();

    RemoteMediaConfig config = loaded.orThrow();
    assertThat(config.server().host()).isEqualTo("localhost"); // file over default
    assertThat(config.server().shutdownGraceMs()).isEqualTo(2000); // environment over file
    assertThat(config.server().port()).isEqualTo(8000); // flag over environment
    assertThat(config.limits().defaults().timeoutMs()).isEqualTo(5000);
    assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.WARN);
    assertThat(loaded.effective().entries()).contains(
        new EffectiveConfig.Entry("server.host", "localhost", "file"),
        new EffectiveConfig.Entry("server.port", "8000", "flag --port"),
        new EffectiveConfig.Entry("server.shutdown_grace_ms", "2000",
            "environment REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS"),
        new EffectiveConfig.Entry("tls.enabled", "false", "default"));
  }

  @Test
  void withProblems_namesABareKeyAsTheLayerThatSetItDoes() throws Exception {
    Path file = write("""
        server:
          host: localhost
          port: 6000
        """);
    LoadedConfig loaded = ConfigLoader.builder()
        .file(file)
        .environment(Map.of("REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS", "2000"))
        .flag("server.port", "--port", "8000")
        .build()
        .load()
        .withProblems(List.of(
            new ConfigProblem("server.host", "from the file"),
            new ConfigProblem("server.port", "from the flag"),
            new ConfigProblem("server.shutdown_grace_ms", "from the variable"),
            new ConfigProblem("tls.cert_file", "not set anywhere"),
            new ConfigProblem("auth.clients", "not a setting")));

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        "server.host (line 2, column 9): from the file",
        "--port (server.port): from the flag",
        "REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS (server.shutdown_grace_ms): from the variable",
        "tls.cert_file: not set anywhere",
        "auth.clients: not a setting");
  }

  @Test
  void load_streamsChunkThread_readsTheChoiceAndNamesTheAllowedOnes() {
    LoadedConfig workers = ConfigLoader.builder()
        .file(writeUnchecked("streams:\n  chunk_thread: workers\n")).build().load();
    LoadedConfig wrong = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_STREAMS_CHUNK_THREAD", "gpu")).build().load();

    assertThat(workers.problems()).isEmpty();
    assertThat(workers.config().streams().sessions().chunkThread()).isEqualTo(ChunkThread.WORKERS);
    assertThat(wrong.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.subject()).contains("REMOTEMEDIA_STREAMS_CHUNK_THREAD");
      assertThat(problem.message()).isEqualTo("must be one of transport, workers, was \"gpu\"");
    });
  }

  @Test
  void load_capacity_readsWorkersQueueAndOpenStreamsWithTheirDefaults() throws Exception {
    RemoteMediaConfig defaults = ConfigLoader.builder().cores(2).build().load().orThrow();
    RemoteMediaConfig set = ConfigLoader.builder().cores(2)
        .file(write("server:\n  worker_threads: 8\nstreams:\n  max_open: 1500\n"))
        .build().load().orThrow();

    assertThat(defaults.streams()).isEqualTo(new StreamsConfig(StreamSettings.defaults(), 1024));
    assertThat(set.server().workerThreads()).isEqualTo(8);
    assertThat(set.server().workerQueueCapacity()).as("4 per worker").isEqualTo(32);
    assertThat(set.streams().maxOpen()).isEqualTo(1500);
  }

  @Test
  void load_openStreamsBelowOneOrTinyMessageLimit_areProblemsNamingTheRule() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  max_inbound_message_bytes: 100\n"
            + "streams:\n  max_open: 0\n"))
        .build().load();

    assertThat(loaded.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
        "must be 0 (derived from limits.maximums.max_input_samples) or >= 1024, was 100",
        "must be in [1, 1000000], was 0");
  }

  @Test
  void load_bytesInTransitBelowTheLargestRequest_isAProblemNamingBoth() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  max_inbound_message_bytes: 2000000\n"
            + "  max_request_bytes_in_transit: 1000000\n"))
        .build().load();

    assertThat(loaded.problems()).extracting(ConfigProblem::message).containsExactly(
        "must be 0 (automatic) or at least server.max_inbound_message_bytes (2000000), so that"
            + " the largest request fits; was 1000000");
  }

  @Test
  void load_callsAwaitingRequestPerConnectionAboveTheServersBound_isAProblemNamingBoth() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  max_calls_awaiting_request: 500\n"
            + "  max_calls_awaiting_request_per_connection: 501\n"))
        .build().load();

    assertThat(loaded.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.subject())
          .startsWith("server.max_calls_awaiting_request_per_connection");
      assertThat(problem.message()).isEqualTo("must be 0 (automatic) or at most"
          + " server.max_calls_awaiting_request (500), the whole server's bound of which it is"
          + " one connection's share; was 501");
    });
  }

  @Test
  void load_callsAwaitingRequestPerConnection_isATenthOfTheServersBoundUnlessSet()
      throws Exception {
    RemoteMediaConfig derived = ConfigLoader.builder()
        .file(write("server:\n  max_calls_awaiting_request: 50\n"))
        .build().load().orThrow();
    RemoteMediaConfig tiny = ConfigLoader.builder()
        .file(write("server:\n  max_calls_awaiting_request: 5\n"))
        .build().load().orThrow();
    RemoteMediaConfig set = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_SERVER_MAX_CALLS_AWAITING_REQUEST_PER_CONNECTION",
            "10000"))
        .build().load().orThrow();

    assertThat(derived.server().maxCallsAwaitingRequestPerConnection()).isEqualTo(5);
    assertThat(tiny.server().maxCallsAwaitingRequestPerConnection()).as("at least 1")
        .isEqualTo(1);
    assertThat(set.server().maxCallsAwaitingRequestPerConnection()).isEqualTo(10_000);
  }

  @Test
  void load_derivedMessageLimit_followsTheInputLimitWithoutOverflowing() throws Exception {
    RemoteMediaConfig small = ConfigLoader.builder()
        .file(write("limits:\n  maximums:\n    max_input_samples: 1000\n"))
        .build().load().orThrow();
    RemoteMediaConfig huge = ConfigLoader.builder()
        .file(write("limits:\n  maximums:\n    max_input_samples: 9000000000000000000\n"))
        .build().load().orThrow();

    assertThat(small.server().maxInboundMessageBytes()).isEqualTo(4000 + (1 << 20));
    assertThat(huge.server().maxInboundMessageBytes()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void load_manyProblems_listsEveryOneTogetherWithWhereItIs() throws IOException {
    Path file = write("""
        server:
          port: 70000
          worker_threads: lots
        tls:
          client_auth: sometimes
        """);
    ConfigLoader loader = ConfigLoader.builder().file(file)
        .environment(Map.of("REMOTEMEDIA_AUTH_ENABLED", "yes please"))
        .build();

    assertThatThrownBy(() -> loader.load().orThrow())
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": 4 problems:\n"
            + "  server.port (line 2, column 9): must be in [0, 65535], was 70000\n"
            + "  server.worker_threads (line 3, column 19): must be a whole number, was"
            + " \"lots\"\n"
            + "  REMOTEMEDIA_AUTH_ENABLED (auth.enabled): must be true or false, was"
            + " \"yes please\"\n"
            + "  tls.client_auth (line 5, column 16): must be one of none, optional, require,"
            + " was \"sometimes\"");
  }

  @Test
  void load_misspeltKeyAndVariable_areProblemsWithTheClosestName() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  prot: 1234\nauht:\n  enabled: true\n"))
        .environment(Map.of("REMOTEMEDIA_SERVER_PORTT", "1"))
        .build()
        .load();

    assertThat(loaded.problems()).containsExactly(
        new ConfigProblem("server.prot (line 2, column 3)",
            "unknown key (did you mean \"server.port\"?)"),
        new ConfigProblem("auht.enabled (line 4, column 3)",
            "unknown key (did you mean \"auth.enabled\"?)"),
        new ConfigProblem("REMOTEMEDIA_SERVER_PORTT",
            "unknown RemoteMedia environment variable (did you mean"
                + " \"REMOTEMEDIA_SERVER_PORT\"?)"));
  }

  @Test
  void load_scalarWhereASectionBelongs_namesTheSectionKeys() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("metrics: true\n")).build().load();

    assertThat(loaded.problems()).containsExactly(new ConfigProblem(
        "metrics (line 1, column 10)",
        "expected a section with keys metrics.basic_auth.password_file,"
            + " metrics.basic_auth.username, metrics.enabled, metrics.host, metrics.port,"
            + " metrics.tls.cert_file, metrics.tls.enabled, metrics.tls.key_file"));
  }

  @Test
  void load_invalidYaml_givesLineAndColumn() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  port: [1, 2\n")).build().load();

    assertThat(loaded.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.subject()).startsWith("line ");
      assertThat(problem.message()).startsWith("not valid YAML: ");
    });
  }

  @Test
  void load_duplicateKey_isAProblem() {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(writeUnchecked("server:\n  port: 1\n  port: 2\n")).build().load();

    assertThat(loaded.problems()).containsExactly(
        new ConfigProblem("server.port (line 3, column 3)", "duplicate key"));
  }

  @Test
  void load_wrongValuesHiddenByAVariableOrAFlag_areStillReported() throws Exception {
    Path file = write("""
        server:
          port: 70000
          shutdown_grace_ms: soon
        logging:
          level: loud
        """);

    LoadedConfig loaded = ConfigLoader.builder().file(file)
        .environment(Map.of("REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS", "2000",
            "REMOTEMEDIA_SERVER_PORT", "-1"))
        .flag("server.port", "--port", "8000")
        .build().load();

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
        "REMOTEMEDIA_SERVER_PORT (server.port): must be in [0, 65535], was -1 (overridden now"
            + " by --port (server.port))",
        "server.port (line 2, column 9): must be in [0, 65535], was 70000 (overridden now by"
            + " --port (server.port))",
        "server.shutdown_grace_ms (line 3, column 22): must be a whole number, was \"soon\""
            + " (overridden now by REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS"
            + " (server.shutdown_grace_ms))",
        "logging.level (line 5, column 10): must be one of trace, debug, info, warn, error,"
            + " was \"loud\"");
  }

  @Test
  void load_missingFile_namesIt() throws Exception {
    Path missing = temp.resolve("absent.yaml");

    assertThat(ConfigLoader.builder().file(missing).build().load().problems())
        .singleElement().satisfies(problem -> {
          assertThat(problem.subject()).isEqualTo(missing.toString());
          assertThat(problem.message()).isEqualTo("cannot read the configuration file: not found");
        });
    assertThat(ConfigLoader.builder().file(temp).build().load().problems())
        .singleElement().satisfies(problem ->
            assertThat(problem.message()).isEqualTo("cannot read the configuration file:"
                + " Is a directory"));
    Path binary = temp.resolve("config.bin");
    Files.write(binary, new byte[] {'s', ':', ' ', (byte) 0xFF, (byte) 0xFE});
    assertThat(ConfigLoader.builder().file(binary).build().load().problems())
        .singleElement().satisfies(problem ->
            assertThat(problem.message()).isEqualTo("cannot read the configuration file:"
                + " not UTF-8 text (a binary file?)"));
  }

  @Test
  void load_nonLoopbackHostWithAuthOffByDefault_isRefused() {
    LoadedConfig loaded = ConfigLoader.builder()
        .flag("server.host", "--host", "0.0.0.0").build().load();

    assertThat(loaded.problems()).containsExactly(new ConfigProblem("--host (server.host)",
        "binding \"0.0.0.0\" (not loopback) with authentication off needs an explicit"
            + " auth.enabled: false; or turn authentication on with auth.enabled: true and"
            + " auth.tokens_file"));
  }

  @Test
  void load_nonLoopbackHostWithAuthExplicitlyOff_isAllowed() throws ConfigException {
    RemoteMediaConfig config = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_AUTH_ENABLED", "false"))
        .flag("server.host", "--host", "0.0.0.0").build().load().orThrow();

    assertThat(config.auth().enabled()).isFalse();
    assertThat(config.auth().enabledExplicitly()).isTrue();
    assertThat(config.server().bindsLoopbackOnly()).isFalse();
  }

  @Test
  void load_tlsRequiredWithoutTls_refusesToStartSayingWhy() {
    ConfigLoader loader = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_TLS_REQUIRED", "true")).build();

    assertThatThrownBy(() -> loader.load().orThrow())
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration: 1 problem:\n  REMOTEMEDIA_TLS_REQUIRED (tls.required):"
            + " tls.required is true, so the server refuses to start without TLS: set"
            + " tls.enabled: true with tls.cert_file and tls.key_file");
  }

  @Test
  void load_crossChecks_reportMissingFilesAndInconsistentLimits() {
    LoadedConfig loaded = ConfigLoader.builder().file(writeUnchecked("""
        auth:
          enabled: true
        tls:
          enabled: true
          client_auth: require
        limits:
          defaults:
            timeout_ms: 90000
          maximums:
            timeout_ms: 60000
        """)).build().load();

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        "limits.defaults.timeout_ms (line 8, column 17): must be <= limits.maximums.timeout_ms"
            + " (60000), was 90000",
        "auth.enabled (line 2, column 12): auth.enabled is true but auth.tokens_file is not set",
        "tls.enabled (line 4, column 12): tls.enabled is true but tls.cert_file is not set",
        "tls.enabled (line 4, column 12): tls.enabled is true but tls.key_file is not set",
        "tls.client_auth (line 5, column 16): verifying client certificates needs"
            + " tls.client_ca_file (the CA bundle)");
  }

  @Test
  void load_listSettings_acceptYamlSequencesAndCommaSeparatedVariables() throws Exception {
    String check = "grpc.health.v1.Health/Check";
    String version = "remotemedia.v1.PipelineService/GetVersion";
    RemoteMediaConfig fromFile = ConfigLoader.builder()
        .file(write("auth:\n  exempt_methods: [" + check + ", " + version + "]\n"))
        .build().load().orThrow();
    RemoteMediaConfig fromVariable = ConfigLoader.builder()
        .environment(Map.of("REMOTEMEDIA_AUTH_EXEMPT_METHODS", check + ", " + version))
        .build().load().orThrow();

    assertThat(fromFile.auth().exemptMethods()).containsExactlyInAnyOrder(check, version);
    assertThat(fromVariable.auth().exemptMethods()).containsExactlyInAnyOrder(check, version);
  }

  @Test
  void load_exemptMethodTheServerDoesNotServe_isAProblemWithAHint() throws Exception {
    LoadedConfig loaded = ConfigLoader.builder()
        .file(write("auth:\n  exempt_methods: [grpc.health.v1.Health/Chek,"
            + " /grpc.health.v1.Health/Watch]\n"))
        .build().load();

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        "auth.exempt_methods (line 2, column 19): \"grpc.health.v1.Health/Chek\" is not a"
            + " method this server serves (did you mean \"grpc.health.v1.Health/Check\"?);"
            + " give full names such as grpc.health.v1.Health/Check",
        "auth.exempt_methods (line 2, column 19): \"/grpc.health.v1.Health/Watch\" is not a"
            + " method this server serves (did you mean \"grpc.health.v1.Health/Watch\"?);"
            + " give full names such as grpc.health.v1.Health/Check");
  }

  @Test
  void load_emptyFileAndEmptyVariables_keepTheDefaults() throws Exception {
    RemoteMediaConfig config = ConfigLoader.builder().file(write(""))
        .environment(Map.of("REMOTEMEDIA_CONFIG", "", "REMOTEMEDIA_SERVER_PORT", ""))
        .build().load().orThrow();

    assertThat(config.server().port()).isEqualTo(50051);
    assertThat(config.auth().tokensFile()).isEqualTo(Optional.empty());
  }

  @Test
  void documentation_listsEveryKeyWithItsVariable() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"),
        StandardCharsets.UTF_8);
    LoadedConfig loaded = ConfigLoader.builder().build().load();

    assertThat(loaded.effective().entries()).hasSizeGreaterThan(20).allSatisfy(entry -> {
      assertThat(docs).contains("`" + entry.key() + "`");
      assertThat(docs).contains("`" + ConfigReader.environmentName(entry.key()) + "`");
    });
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(temp, "config", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private Path writeUnchecked(String yaml) {
    try {
      return write(yaml);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
