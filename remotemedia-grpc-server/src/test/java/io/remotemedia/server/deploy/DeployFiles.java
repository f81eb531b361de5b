package io.remotemedia.server.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files under {@code docs/deploy/}, found from the test's working directory (the module,
 * under Maven) by walking up to the project root.
 */
final class DeployFiles {
  private DeployFiles() {}

  /** Returns {@code docs/deploy/<relative>}. */
  static Path path(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs/deploy"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/deploy above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("docs/deploy").resolve(relative);
  }

  /** Returns the text of {@code docs/deploy/<relative>}. */
  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns every {@code .yaml} file under {@code docs/deploy/<relative>}, sorted. */
  static List<Path> yamlFilesUnder(String relative) {
    try (Stream<Path> files = Files.walk(path(relative))) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a YAML loader that builds only maps, lists and scalars. */
  static Yaml safeYaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }
}
