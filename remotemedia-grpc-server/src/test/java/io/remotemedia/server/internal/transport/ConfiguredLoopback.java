package io.remotemedia.server.internal.transport;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.metrics.Exposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server jar's configured server on loopback, started from a YAML file, with a plaintext
 * channel to it and its /metrics (the YAML must set {@code metrics.port: 0}).
 */
final class ConfiguredLoopback implements AutoCloseable {
  private final ConfiguredServer server;
  private final ManagedChannel channel;

  private ConfiguredLoopback(ConfiguredServer server) {
    this.server = server;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .build();
  }

  /**
   * Starts a server on the default configuration, on a free port and with metrics off, from a
   * config file written to {@code dir}: the transport as the server assembles it.
   */
  static ConfiguredLoopback startWithDefaults(Path dir) throws Exception {
    return start(dir, """
        server:
          port: 0
        metrics:
          enabled: false
        """);
  }

  /** Starts a server from {@code yaml}, written to {@code dir}/config.yaml. */
  static ConfiguredLoopback start(Path dir, String yaml) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    return start(ConfigLoader.builder().file(config).build());
  }

  /** Starts a server from what {@code loader} reads. */
  static ConfiguredLoopback start(ConfigLoader loader) throws Exception {
    return new ConfiguredLoopback(ConfiguredServer.start(loader));
  }

  int port() {
    return server.port();
  }

  ManagedChannel channel() {
    return channel;
  }

  Exposition scrape() {
    return Exposition.scrapeOrFail(server.metricsPort().orElseThrow());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }
}
