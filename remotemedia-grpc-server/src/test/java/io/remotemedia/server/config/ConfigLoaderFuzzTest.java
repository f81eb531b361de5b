package io.remotemedia.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link ConfigLoader} over the configuration file (docs/fuzzing.md).
 * A plain {@code mvn verify} replays the committed corpus in {@code ConfigLoaderFuzzTestInputs/
 * load/}: a file with every setting of docs/configuration.md, TLS and auth, one full of
 * problems, and every input that once broke the contract.
 *
 * <p>The contract, from {@link ConfigLoader#load()}: it never throws for a bad file, it lists
 * each problem with a subject and a message that does not amplify the input, and {@link
 * LoadedConfig#orThrow()} throws {@link ConfigException} exactly when there are problems.
 */
class ConfigLoaderFuzzTest {
  /**
   * One problem names a key with its position and what is wrong with it; it may quote the key
   * and the value as the file wrote them, so beyond this it may grow by the input, but no more.
   */
  private static final int MAX_OWN_CHARS = 1_000;

  @TempDir
  static Path directory;

  @FuzzTest(maxDuration = "5m")
  void load(byte[] input) throws Exception {
    Path file = directory.resolve("config.yaml");
    Files.write(file, input);
    AllocationBudget.of((16L << 20) + 1024L * input.length).check(() -> {
      LoadedConfig loaded = ConfigLoader.builder().file(file).cores(2).build().load();
      for (ConfigProblem problem : loaded.problems()) {
        assertThat(problem.subject()).isNotBlank();
        assertThat(problem.message()).isNotBlank();
        assertThat(problem.toString())
            .hasSizeLessThanOrEqualTo(MAX_OWN_CHARS + 2 * input.length);
      }
      try {
        assertThat(loaded.orThrow()).isNotNull();
        assertThat(loaded.problems()).isEmpty();
      } catch (ConfigException e) {
        assertThat(e.problems()).isNotEmpty().isEqualTo(loaded.problems());
      }
    });
  }
}
