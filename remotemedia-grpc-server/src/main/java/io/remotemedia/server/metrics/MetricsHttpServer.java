package io.remotemedia.server.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;

/**
 * Serves a registry in the Prometheus text format at {@code http://host:port/metrics}, on its
 * own port and daemon threads, apart from gRPC. Close it to stop.
 *
 * <pre>{@code
 * try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 9090, registry)) { ... }
 * }</pre>
 */
public final class MetricsHttpServer implements AutoCloseable {
  private final HTTPServer server;

  private MetricsHttpServer(HTTPServer server) {
    this.server = server;
  }

  /**
   * Binds {@code host:port} (0 picks a free port) and starts serving.
   *
   * @throws IOException if the address cannot be bound; the message names it
   */
  public static MetricsHttpServer start(String host, int port, CollectorRegistry registry)
      throws IOException {
    try {
      return new MetricsHttpServer(new HTTPServer.Builder()
          .withHostname(host)
          .withPort(port)
          .withRegistry(registry)
          .withDaemonThreads(true)
          .build());
    } catch (IOException e) {
      throw new IOException("cannot serve metrics on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /** Returns the bound port. */
  public int port() {
    return server.getPort();
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
  }
}
