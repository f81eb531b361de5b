package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;

/**
 * Serves a registry in the Prometheus text format at {@code http://host:port/metrics}, on its
 * own address, port and daemon threads, apart from gRPC; optionally behind basic
 * authentication and TLS ({@link MetricsAccess}). Close it to stop. With a readiness source it
 * also answers {@value #READY_PATH} (200 or 503, without credentials) for probes that cannot
 * speak gRPC over TLS. {@value #HEALTHY_PATH} says the endpoint is up; every other path is 404.
 *
 * <pre>{@code
 * try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 9090, registry)) { ... }
 * }</pre>
 */
public final class MetricsHttpServer implements AutoCloseable {
  /** Where the metrics are served. */
  public static final String METRICS_PATH = "/metrics";
  /** Where the endpoint answers that it is up (simpleclient's path and words). */
  public static final String HEALTHY_PATH = "/-/healthy";
  /** Where the readiness answer is served. */
  public static final String READY_PATH = "/-/ready";

  /** The contexts simpleclient's HTTPServer creates, each matching its path as a prefix. */
  private static final List<String> SIMPLECLIENT_PATHS = List.of("/", "/metrics", "/-/healthy");

  /** Connections waiting to be accepted (simpleclient's own default). */
  private static final int BACKLOG = 3;
  /**
   * Threads that read requests and write answers. simpleclient's pool runs one (core size 1,
   * unbounded queue), so one slow client delayed every other; a few let a scrape and a probe
   * pass beside one that {@link HttpRequestTimeout} has not closed yet.
   */
  static final int THREADS = 4;

  static {
    // Before this class creates the process's first JDK HTTP server, which reads it.
    HttpRequestTimeout.applyUnlessSet();
  }

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
    return start(host, port, registry, access, null);
  }

  /**
   * As {@link #start(String, int, CollectorRegistry, MetricsAccess)}, and answers {@value
   * #READY_PATH} from {@code serving}: 200 {@code SERVING} or 503 {@code NOT_SERVING}, to
   * anyone, over the same HTTP or HTTPS.
   *
   * @param host the address to bind, such as {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @param registry the metrics to serve
   * @param access the credentials and TLS that {@code /metrics} requires
   * @param serving whether the gRPC server serves now; null serves no readiness path
   * @return the running server; close it to stop
   * @throws IOException if the address cannot be bound; the message names it
   */
  public static MetricsHttpServer start(String host, int port, CollectorRegistry registry,
      MetricsAccess access, BooleanSupplier serving) throws IOException {
    HttpServer http;
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (access.tls().isPresent()) {
        HttpsServer https = HttpsServer.create(address, BACKLOG);
        https.setHttpsConfigurator(new HttpsConfigurator(access.tls().get()));
        http = https;
      } else {
        http = HttpServer.create(address, BACKLOG);
      }
    } catch (IOException e) {
      throw new IOException("cannot serve metrics on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    ExactPathHandler paths = new ExactPathHandler(
        Map.of(METRICS_PATH, new HTTPServer.HTTPMetricHandler(registry),
            HEALTHY_PATH, new PlainTextAnswer(200, "Exporter is Healthy.\n")),
        serving == null ? List.of() : List.of(READY_PATH));
    if (serving != null) {
      // Its own context, so the scrape password does not apply to it.
      http.createContext(READY_PATH, new ReadinessHandler(serving, paths.notFound()));
    }
    HTTPServer server = new HTTPServer.Builder()
        .withHttpServer(http)
        .withRegistry(registry)
        .withDaemonThreads(true)
        .build();
    // simpleclient's pool (a ThreadPoolExecutor of core size 1, up to 5, with an unbounded
    // queue) never grows past its one thread: let it run THREADS.
    if (http.getExecutor() instanceof ThreadPoolExecutor pool) {
      pool.setMaximumPoolSize(Math.max(THREADS, pool.getMaximumPoolSize()));
      pool.setCorePoolSize(THREADS);
    }
    // simpleclient's contexts match by prefix, so "/" answered every path with the metrics.
    for (String path : SIMPLECLIENT_PATHS) {
      http.removeContext(path);
    }
    HttpContext context = http.createContext("/", paths);
    access.credentials().ifPresent(
        credentials -> context.setAuthenticator(credentials.authenticator()));
    return new MetricsHttpServer(server);
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
