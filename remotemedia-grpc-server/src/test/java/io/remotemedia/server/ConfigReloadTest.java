package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prometheus.client.CollectorRegistry;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.auth.TokenStore;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.internal.logging.CapturedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload (SIGHUP) of the configuration file, on the parts it swaps: the runner's limits, the
 * configuration in force and the log level; and on what it keeps: restart-only settings, which
 * it names, stay as the server started with them.
 */
class ConfigReloadTest {
  private static final String RESTART_WARNING =
      "changed settings that take effect only on restart, kept as they were: ";

  @TempDir Path temp;
  private Path file;
  private ReloadableRunner runner;
  /** The tokens the reload replaces, if the configuration started with authentication. */
  private TokenStore tokens;
  private Level rootLevel;
  private CapturedLog log;

  @BeforeEach
  void captureLog() {
    file = temp.resolve("config.yaml");
    rootLevel = LogManager.getRootLogger().getLevel();
    log = CapturedLog.start("config-reload");
  }

  @AfterEach
  void restoreLogging() {
    if (tokens != null) {
      tokens.close();
    }
    log.close();
    Configurator.setRootLevel(rootLevel);
  }

  @Test
  void reload_newLimits_applyToTheRunnerAndTheConfigurationInForce() throws Exception {
    ConfigReload reload = startingWith(timeoutMs(60_000));
    write(timeoutMs(30_000));

    assertThat(reload.reload()).isTrue();

    assertThat(reload.current().limits().defaults().timeoutMs()).isEqualTo(30_000);
    assertThat(runner.current().effectiveLimits(ExecutionLimits.UNSET).timeoutMs())
        .isEqualTo(30_000);
    assertThat(log.text()).contains("configuration reloaded").doesNotContain(RESTART_WARNING);
  }

  @Test
  void reload_fileWithAProblem_changesNothingAndLogsTheProblem() throws Exception {
    ConfigReload reload = startingWith(timeoutMs(60_000));
    RemoteMediaConfig before = reload.current();
    write(timeoutMs(30_000) + """
        server:
          port: 99999
        """);

    assertThat(reload.reload()).isFalse();

    assertThat(reload.current()).isSameAs(before);
    assertThat(runner.current().effectiveLimits(ExecutionLimits.UNSET).timeoutMs())
        .isEqualTo(60_000);
    assertThat(log.text())
        .contains("configuration reload failed; keeping the current settings.")
        .contains("server.port (line 5, column 9): must be in [0, 65535], was 99999");
  }

  @Test
  void reload_restartOnlySettingChanged_isNamedWithItsStartupValue_atEachReload()
      throws Exception {
    ConfigReload reload = startingWith("streams:\n  max_open: 256\n");
    write("streams:\n  max_open: 512\n");

    assertThat(reload.reload()).isTrue();
    assertThat(reload.reload()).isTrue();

    // Still not in force after the first reload: the second names it against the startup too.
    assertThat(occurrences(log.text(), RESTART_WARNING + "streams.max_open: 256 -> 512"))
        .isEqualTo(2);
  }

  @Test
  void reload_restartOnlySections_keepTheirStartupValuesInTheConfigurationInForce()
      throws Exception {
    ConfigReload reload = startingWith(timeoutMs(60_000) + """
        server:
          shutdown_grace_ms: 30000
        metrics:
          port: 9464
        streams:
          max_open: 256
        """);
    RemoteMediaConfig started = reload.current();
    write(timeoutMs(30_000) + """
        server:
          shutdown_grace_ms: 5000
        metrics:
          port: 9465
        streams:
          max_open: 512
        """);

    assertThat(reload.reload()).isTrue();

    RemoteMediaConfig reloaded = reload.current();
    assertThat(reloaded.server()).isEqualTo(started.server());
    assertThat(reloaded.metrics()).isEqualTo(started.metrics());
    assertThat(reloaded.streams()).isEqualTo(started.streams());
    assertThat(reloaded.limits().defaults().timeoutMs()).isEqualTo(30_000);
  }

  @Test
  void reload_restartOnlyKeysOfReloadableSections_keepTheirStartupValuesInForce()
      throws Exception {
    Path tokensFile = tokensFile("alice");
    ConfigReload reload = startingWith("""
        limits:
          total_memory_bytes: 200000000
        auth:
          enabled: true
          tokens_file: %s
          tokens_file_check_ms: 0
          max_failures_per_peer: 20
          failure_window_ms: 10000
          failure_block_ms: 30000
        """.formatted(tokensFile));
    RemoteMediaConfig started = reload.current();
    write("""
        limits:
          total_memory_bytes: 100000000
          filter_cache_bytes: 1000000
        auth:
          enabled: true
          tokens_file: %s
          tokens_file_check_ms: 500
          exempt_methods: [grpc.health.v1.Health/Check]
          max_failures_per_peer: 5
          failure_window_ms: 1000
          failure_block_ms: 2000
        """.formatted(tokensFile));

    assertThat(reload.reload()).isTrue();

    RemoteMediaConfig reloaded = reload.current();
    assertThat(reloaded.auth()).isEqualTo(started.auth());
    assertThat(reloaded.limits().totalMemoryBytes()).isEqualTo(200_000_000L);
    // The reloadable key beside it does change.
    assertThat(reloaded.limits().filterCacheBytes()).isEqualTo(1_000_000L);
    // The budget calls are admitted against is the startup's too.
    assertThat(runner.current().memory().limitBytes()).isEqualTo(200_000_000L);
    assertThat(log.text()).contains(RESTART_WARNING + "limits.total_memory_bytes: 200000000"
        + " -> 100000000");
  }

  @Test
  void reload_fileThatTurnsAuthenticationOff_stillReloadsTheTokensFile() throws Exception {
    Path tokensFile = tokensFile("alice");
    ConfigReload reload = startingWith("""
        auth:
          enabled: true
          tokens_file: %s
          tokens_file_check_ms: 0
        """.formatted(tokensFile));
    Files.writeString(tokensFile, TokenSet.hashLine("bob", "bob-token") + "\n");
    write("""
        auth:
          enabled: false
          tokens_file: %s
        """.formatted(tokensFile));

    assertThat(reload.reload()).isTrue();

    // auth.enabled is restart-only: authentication stays on, with the file's new clients.
    assertThat(reload.current().auth().enabled()).isTrue();
    assertThat(tokens.current().clientNames()).containsExactly("bob");
    assertThat(log.text()).contains(RESTART_WARNING + "auth.enabled: true -> false");
  }

  @Test
  void drain_afterAReloadThatRaisedThePreStopDelay_waitsTheDelayItStartedWith()
      throws Exception {
    write("""
        server:
          port: 0
          pre_stop_delay_ms: 0
        metrics:
          enabled: false
        """);
    ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder().file(file).build());
    write("""
        server:
          port: 0
          pre_stop_delay_ms: 60000
        metrics:
          enabled: false
        """);
    try {
      assertThat(server.reload()).isTrue();
      assertThat(log.text()).contains(RESTART_WARNING + "server.pre_stop_delay_ms: 0 -> 60000");

      assertTimeoutPreemptively(Duration.ofSeconds(20), server::drain,
          "the drain waited the reloaded pre-stop delay of 60 s");
    } finally {
      server.shutdown(Duration.ZERO);
    }
  }

  @Test
  void reload_newLogLevel_setsTheRootLevel() throws Exception {
    ConfigReload reload = startingWith("logging:\n  level: info\n");
    write("logging:\n  level: warn\n");

    assertThat(reload.reload()).isTrue();

    assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.WARN);
  }

  /** A reload of the server started from {@code yaml}: plaintext, no authentication. */
  private ConfigReload startingWith(String yaml) throws IOException {
    write(yaml);
    ConfigLoader loader = ConfigLoader.builder().file(file).build();
    PreparedConfig startup = PreparedConfig.read(loader.load());
    RemoteMediaConfig config = startup.loaded().config();
    assertThat(startup.loaded().problems()).isEmpty();
    runner = new ReloadableRunner(ConfiguredServer.runnerBuilder(config).build());
    ConfiguredObservability calls = new ConfiguredObservability(config, startup.tokens(),
        new CollectorRegistry(), AuthFailureListener.NONE);
    tokens = calls.tokens().orElse(null);
    return new ConfigReload(loader, startup, runner, calls, Optional.empty());
  }

  /** {@return a tokens file naming {@code client}} */
  private Path tokensFile(String client) throws IOException {
    Path tokensFile = temp.resolve("tokens");
    Files.writeString(tokensFile, TokenSet.hashLine(client, client + "-token") + "\n");
    return tokensFile;
  }

  private void write(String yaml) throws IOException {
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String timeoutMs(long timeoutMs) {
    return """
        limits:
          defaults:
            timeout_ms: %d
        """.formatted(timeoutMs);
  }

  private static int occurrences(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
