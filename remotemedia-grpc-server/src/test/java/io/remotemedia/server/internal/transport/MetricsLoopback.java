package io.remotemedia.server.internal.transport;

import io.grpc.ManagedChannel;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.metrics.Exposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The configured server on loopback with its /metrics, both on free ports, started from a
 * YAML file before each test and stopped after it. The file sets what the test is about;
 * {@code server.port} and {@code metrics.port} are 0 whatever it says, set as the command
 * line's flags would. Register with {@code @RegisterExtension}:
 *
 * <pre>{@code
 * @RegisterExtension final MetricsLoopback server = MetricsLoopback.configuredBy("""
 *     server:
 *       request_arrival_timeout_ms: 300
 *     """);
 * }</pre>
 */
final class MetricsLoopback implements BeforeEachCallback, AfterEachCallback {
  private final String yaml;
  private Path file;
  private ConfiguredLoopback server;

  private MetricsLoopback(String yaml) {
    this.yaml = yaml;
  }

  /** {@return a server on the default configuration} */
  static MetricsLoopback withDefaults() {
    return new MetricsLoopback("");
  }

  /** {@return a server configured by {@code yaml}, on free ports} */
  static MetricsLoopback configuredBy(String yaml) {
    return new MetricsLoopback(yaml);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    file = Files.createTempFile("metrics-loopback", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    server = ConfiguredLoopback.start(ConfigLoader.builder().file(file)
        .flag("server.port", "--port", "0")
        .flag("metrics.port", "--metrics-port", "0")
        .build());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** {@return the port the server listens on} */
  int port() {
    return server.port();
  }

  /** {@return a plaintext channel to the server} */
  ManagedChannel channel() {
    return server.channel();
  }

  /** {@return the server's /metrics, scraped now} */
  Exposition scrape() {
    return server.scrape();
  }
}
