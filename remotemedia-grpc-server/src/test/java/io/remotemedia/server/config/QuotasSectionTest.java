package io.remotemedia.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.quota.QuotaLimits;
import io.remotemedia.server.quota.QuotaPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code quotas} section as the loader reads it. */
class QuotasSectionTest {
  @TempDir Path temp;

  @Test
  void load_noQuotas_isUnlimited() throws Exception {
    assertThat(ConfigLoader.builder().build().load().orThrow().quotas())
        .isEqualTo(QuotaPolicy.UNLIMITED);
  }

  @Test
  void load_namedClient_takesTheValuesItDoesNotSetFromTheDefault() throws Exception {
    RemoteMediaConfig config = load("""
        quotas:
          default:
            concurrent_calls: 8
            open_streams: 4
            audio_seconds_per_minute: 600
          clients:
            batch-importer:
              concurrent_calls: 2
            eu.studio_1:
              audio_seconds_per_minute: 0
        """).orThrow();

    assertThat(config.quotas()).isEqualTo(new QuotaPolicy(new QuotaLimits(8, 4, 600), Map.of(
        "batch-importer", new QuotaLimits(2, 4, 600),
        "eu.studio_1", new QuotaLimits(8, 4, 0))));
    assertThat(config.quotas().limitsFor("someone-else")).isEqualTo(new QuotaLimits(8, 4, 600));
  }

  @Test
  void load_defaultFromTheEnvironment_overridesTheFile() throws Exception {
    RemoteMediaConfig config = ConfigLoader.builder()
        .file(write("quotas:\n  default:\n    open_streams: 4\n"))
        .environment(Map.of("REMOTEMEDIA_QUOTAS_DEFAULT_OPEN_STREAMS", "9"))
        .build().load().orThrow();

    assertThat(config.quotas().defaults().openStreams()).isEqualTo(9);
  }

  @Test
  void load_badQuotaValueOrClientName_areProblemsWithTheirLocation() throws Exception {
    LoadedConfig loaded = load("""
        quotas:
          default:
            concurrent_calls: -1
          clients:
            "bad name":
              open_streams: 1
        """);

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
        "quotas.default.concurrent_calls (line 3, column 23): must be in [0, 1000000], was -1",
        "quotas.clients.bad name (line 5, column 5): \"bad name\" is not a client name: names"
            + " in the tokens file are 1 to 64 letters, digits, '.', '_' or '-', starting with a"
            + " letter or digit");
  }

  @Test
  void load_misspeltQuotaKey_isAnUnknownKeyWithItsLocation() throws Exception {
    LoadedConfig loaded = load("""
        quotas:
          clients:
            alice:
              open_stream: 2
        """);

    assertThat(loaded.problems()).extracting(ConfigProblem::toString).containsExactly(
        // No "did you mean": a client name may hold dots, so the key is not split into a name
        // and a quota key the loader could correct.
        "quotas.clients.alice.open_stream (line 4, column 7): unknown key");
  }

  private LoadedConfig load(String yaml) throws IOException {
    return ConfigLoader.builder().file(write(yaml)).build().load();
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(temp, "config", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }
}
