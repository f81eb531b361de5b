package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /-/ready} on the metrics port, through a real HTTP client: what it answers, to whom,
 * and that it follows the configured server from start through a drain.
 */
class ReadinessEndpointTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path temp;

  @Test
  void ready_answersTheSuppliersStateEachTime() throws Exception {
    AtomicBoolean serving = new AtomicBoolean();
    try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 0,
        new CollectorRegistry(), MetricsAccess.open(), serving::get)) {
      String url = "http://127.0.0.1:" + http.port() + "/-/ready";

      HttpResponse<String> before = send(url, "GET");
      serving.set(true);
      HttpResponse<String> after = send(url, "GET");
      HttpResponse<String> head = send(url, "HEAD");

      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).isEqualTo("NOT_SERVING\n");
      assertThat(before.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isEqualTo("SERVING\n");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Test
  void ready_refusesOtherMethodsAndPaths() throws Exception {
    try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 0,
        new CollectorRegistry(), MetricsAccess.open(), () -> true)) {
      String base = "http://127.0.0.1:" + http.port();

      HttpResponse<String> post = send(base + "/-/ready", "POST");
      HttpResponse<String> longer = send(base + "/-/ready/now", "GET");

      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(longer.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withoutASupplier_thereIsNoReadinessPath() throws Exception {
    try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 0,
        new CollectorRegistry())) {
      HttpResponse<String> ready = send("http://127.0.0.1:" + http.port() + "/-/ready", "GET");

      assertThat(ready.statusCode()).isEqualTo(404);
      assertThat(ready.body()).doesNotContain("SERVING");
    }
  }

  @Test
  void configuredServer_readyFromStart_notReadyAsSoonAsADrainBegins() throws Exception {
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
          pre_stop_delay_ms: 3000
          shutdown_grace_ms: 1000
        auth:
          enabled: false
        metrics:
          port: 0
        """, StandardCharsets.UTF_8);
    ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
    String url = "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/-/ready";
    CompletableFuture<Void> drain = null;
    try {
      assertThat(send(url, "GET").statusCode()).isEqualTo(200);

      drain = CompletableFuture.runAsync(server::drain);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      int status = 200;
      while (status == 200 && System.nanoTime() < deadline) {
        status = send(url, "GET").statusCode();
      }

      // Within the 3 s pre-stop delay: the endpoint still answers, and no longer ready.
      assertThat(status).isEqualTo(503);
      assertThat(drain).isNotDone();
    } finally {
      if (drain == null) {
        server.shutdown(Duration.ZERO);
      } else {
        drain.get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static HttpResponse<String> send(String url, String method)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
