package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which paths the metrics port answers, through a real HTTP client: the metrics, simpleclient's
 * liveness word and readiness at their exact paths, and 404 for any other, so that a probe or a
 * scrape aimed at a wrong path fails instead of reading the metrics as a success.
 */
class MetricsPathsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path temp;

  @Test
  void servedPaths_answerWhatEachIsFor() throws Exception {
    try (MetricsHttpServer http = start(MetricsAccess.open())) {
      String base = "http://127.0.0.1:" + http.port();

      HttpResponse<String> metrics = send(base + "/metrics", "GET", null);
      HttpResponse<String> filtered =
          send(base + "/metrics?name[]=paths_test_total", "GET", null);
      HttpResponse<String> healthy = send(base + "/-/healthy", "GET", null);
      HttpResponse<String> ready = send(base + "/-/ready", "GET", null);

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("paths_test_total 3.0");
      assertThat(filtered.statusCode()).isEqualTo(200);
      assertThat(filtered.body()).contains("paths_test_total 3.0");
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("Exporter is Healthy.\n");
      assertThat(ready.body()).isEqualTo("SERVING\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/healthz", "/metrics/", "/metricsx", "/metrics/extra",
      "/-/healthy/x", "/-/ready/x", "/-/ready/", "/favicon.ico",
      // Percent-encoded spellings of the served paths: a proxy rule that keeps /metrics from
      // the public matches the path as sent, so the port must not decode them into it.
      "/%6Detrics", "/%6d%65trics", "/metric%73", "/-/%68ealthy", "/-/%72eady", "/-%2Fready"})
  void otherPaths_are404WithoutTheMetrics(String path) throws Exception {
    try (MetricsHttpServer http = start(MetricsAccess.open())) {
      HttpResponse<String> response =
          send("http://127.0.0.1:" + http.port() + path, "GET", null);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body())
          .doesNotContain("paths_test_total")
          .isEqualTo("not found; this port serves /-/healthy, /-/ready, /metrics\n");
    }
  }

  @Test
  void writes_areRefusedOnEveryServedPath() throws Exception {
    try (MetricsHttpServer http = start(MetricsAccess.open())) {
      String base = "http://127.0.0.1:" + http.port();

      for (String path : new String[] {"/metrics", "/-/healthy", "/-/ready"}) {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
          HttpResponse<String> response = send(base + path, method, null);

          assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
          assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
          assertThat(response.body()).doesNotContain("paths_test_total");
        }
      }
    }
  }

  @Test
  void withCredentials_everyPathButReadinessAsksForThem() throws Exception {
    Path passwordFile = temp.resolve("password");
    Files.writeString(passwordFile, "s3cret-for-paths\n", StandardCharsets.UTF_8);
    MetricsAccess access = new MetricsAccess(
        Optional.of(ScrapeCredentials.read("prometheus", passwordFile)), Optional.empty());
    String authorization = "Basic " + Base64.getEncoder().encodeToString(
        "prometheus:s3cret-for-paths".getBytes(StandardCharsets.UTF_8));
    try (MetricsHttpServer http = start(access)) {
      String base = "http://127.0.0.1:" + http.port();

      assertThat(send(base + "/metrics", "GET", null).statusCode()).isEqualTo(401);
      assertThat(send(base + "/-/healthy", "GET", null).statusCode()).isEqualTo(401);
      assertThat(send(base + "/healthz", "GET", null).statusCode()).isEqualTo(401);
      assertThat(send(base + "/-/ready", "GET", null).statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = send(base + "/metrics", "GET", authorization);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("paths_test_total 3.0");
      assertThat(send(base + "/healthz", "GET", authorization).statusCode()).isEqualTo(404);
    }
  }

  private static MetricsHttpServer start(MetricsAccess access) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.build("paths_test_total", "A counter for this test.").register(registry).inc(3);
    return MetricsHttpServer.start("127.0.0.1", 0, registry, access, () -> true);
  }

  private static HttpResponse<String> send(String url, String method, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
