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

  private EffectiveConfig load(String yaml) throws Exception {
    Path file = Files.createTempFile(temp, "config", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.builder().file(file).build().load().effective();
  }
}
