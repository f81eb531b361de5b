package io.remotemedia.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartOnlySettingsTest {
  @TempDir Path temp;

  @Test
  void changed_namesEachRestartOnlyKeyWithItsValues_andNotTheReloadableOnes() throws Exception {
    EffectiveConfig running = load("""
        server:
          port: 50051
        streams:
          max_open: 256
        auth:
          max_failures_per_peer: 20
        limits:
          defaults:
            timeout_ms: 60000
        """);
    EffectiveConfig reloaded = load("""
        server:
          port: 50052
        streams:
          max_open: 512
        auth:
          max_failures_per_peer: 0
        limits:
          defaults:
            timeout_ms: 30000
        logging:
          level: debug
        """);

    assertThat(RestartOnlySettings.changed(running, reloaded)).containsExactly(
        "server.port: 50051 -> 50052", "auth.max_failures_per_peer: 20 -> 0",
        "streams.max_open: 256 -> 512");
  }

  @Test
  void changed_sameSettings_isEmpty() throws Exception {
    String yaml = "server:\n  port: 50051\n";

    assertThat(RestartOnlySettings.changed(load(yaml), load(yaml))).isEmpty();
  }

  @Test
  void keptAsStarted_keepsEachRestartOnlyKeyAndTakesEachReloadableOne() throws Exception {
    RemoteMediaConfig started = loadConfig("""
        limits:
          total_memory_bytes: 200000000
          filter_cache_bytes: 1000
        auth:
          enabled: true
          tokens_file: /started/tokens
          tokens_file_check_ms: 2000
          max_failures_per_peer: 20
          failure_window_ms: 10000
          failure_block_ms: 30000
        tls:
          enabled: true
          cert_file: /started/cert.pem
          key_file: /started/key.pem
          client_ca_file: /started/ca.pem
          client_auth: require
          required: true
        logging:
          level: info
        """).config();
    LoadedConfig reloaded = loadConfig("""
        limits:
          total_memory_bytes: 100000000
          filter_cache_bytes: 2000
        auth:
          enabled: false
          tokens_file: /reloaded/tokens
          tokens_file_check_ms: 0
          exempt_methods: [grpc.health.v1.Health/Check]
          max_failures_per_peer: 5
          failure_window_ms: 1000
          failure_block_ms: 2000
        tls:
          enabled: true
          cert_file: /reloaded/cert.pem
          key_file: /reloaded/key.pem
          client_ca_file: /reloaded/ca.pem
          client_auth: optional
          required: false
        logging:
          level: warn
        """);

    RemoteMediaConfig kept = RestartOnlySettings.keptAsStarted(started, reloaded).config();

    assertThat(kept.limits().totalMemoryBytes()).isEqualTo(200_000_000L);
    assertThat(kept.limits().filterCacheBytes()).isEqualTo(2000L);
    AuthConfig auth = kept.auth();
    assertThat(auth.enabled()).isTrue();
    assertThat(auth.tokensFile()).contains(Path.of("/reloaded/tokens"));
    assertThat(auth.tokensFileCheckMs()).isEqualTo(2000L);
    assertThat(auth.exemptMethods()).isEqualTo(started.auth().exemptMethods())
        .contains("grpc.health.v1.Health/Watch");
    assertThat(auth.maxFailuresPerPeer()).isEqualTo(20);
    assertThat(auth.failureWindowMs()).isEqualTo(10_000L);
    assertThat(auth.failureBlockMs()).isEqualTo(30_000L);
    TlsConfig tls = kept.tls();
    assertThat(tls.certFile()).contains(Path.of("/reloaded/cert.pem"));
    assertThat(tls.keyFile()).contains(Path.of("/reloaded/key.pem"));
    assertThat(tls.clientCaFile()).contains(Path.of("/reloaded/ca.pem"));
    assertThat(tls.clientAuth()).isEqualTo(TlsConfig.ClientAuth.REQUIRE);
    assertThat(tls.required()).isTrue();
    assertThat(kept.logging().level()).isEqualTo(LoggingConfig.Level.WARN);
  }

  private LoadedConfig loadConfig(String yaml) throws Exception {
    Path file = Files.createTempFile(temp, "config", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    LoadedConfig loaded = ConfigLoader.builder().file(file).build().load();
    assertThat(loaded.problems()).isEmpty();
    return loaded;
  }

  private EffectiveConfig load(String yaml) throws Exception {
    return loadConfig(yaml).effective();
  }
}
