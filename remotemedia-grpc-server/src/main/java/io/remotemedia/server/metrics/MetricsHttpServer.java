package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;

/**
 * Serves a registry in the Prometheus text format at {@code http://host:port/metrics}, on its
 * own address, port and daemon threads, apart from gRPC; optionally behind basic
 * authentication and TLS ({@link MetricsAccess}). Close it to stop.
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
   * Binds {@code host:port} (0 picks a free port) and serves plain HTTP to anyone.
   *
   * @param host the address to bind, such as {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @param registry the metrics to serve
   * @return the running server; close it to stop
   * @throws IOException if the address cannot be bound; the message names it
   */
  public static MetricsHttpServer start(String host, int port, CollectorRegistry registry)
      throws IOException {
    return start(host, port, registry, MetricsAccess.open());
  }

  /**
   * Binds {@code host:port} (0 picks a free port) and serves as {@code access} says: requests
   * without the credentials get 401 with a {@code WWW-Authenticate} challenge.
   *
   * @param host the address to bind, such as {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @param registry the metrics to serve
   * @param access the credentials and TLS the endpoint requires
   * @return the running server; close it to stop
   * @throws IOException if the address cannot be bound; the message names it
   */
  public static MetricsHttpServer start(String host, int port, CollectorRegistry registry,
      MetricsAccess access) throws IOException {
    HTTPServer.Builder builder = new HTTPServer.Builder()
        .withHostname(host)
        .withPort(port)
        .withRegistry(registry)
        .withDaemonThreads(true);
    access.credentials().ifPresent(credentials ->
        builder.withAuthenticator(credentials.authenticator()));
    access.tls().ifPresent(context -> builder.withHttpsConfigurator(
        new HttpsConfigurator(context)));
    try {
      return new MetricsHttpServer(builder.build());
    } catch (IOException e) {
      throw new IOException("cannot serve metrics on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /** {@return the bound port} */
  public int port() {
    return server.getPort();
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
  }
}
