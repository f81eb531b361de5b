package io.remotemedia.server.deploy;

import io.remotemedia.server.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's /usr/bin/prometheus) on a free loopback port, with its
 * storage in a temporary directory, scraping one target every second as job
 * "remotemedia-server" and evaluating {@code ruleFile} every second. Close it to stop it.
 */
final class PrometheusProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param target the {@code host:port} of the /metrics endpoint to scrape
   * @param ruleFile rules to load
   * @param dir where its configuration, storage and log go
   */
  static PrometheusProcess start(String binary, String target, Path ruleFile, Path dir)
      throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ['%s']
        scrape_configs:
          - job_name: remotemedia-server
            static_configs:
              - targets: ['%s']
        """.formatted(ruleFile.toAbsolutePath(), target), StandardCharsets.UTF_8);
    int port;
    // Prometheus needs a port number up front; a port just freed is free in practice.
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(binary, "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    PrometheusProcess prometheus = new PrometheusProcess(process, port);
    prometheus.awaitReady(dir.resolve("prometheus.log"));
    return prometheus;
  }

  /** Returns the {@code data.result} list of an instant query, or throws on a failed query. */
  List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
    Map<String, Object> body = get("/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.get("status"))) {
      throw new IllegalArgumentException(promql + ": " + body.get("error"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> result = (List<Map<String, Object>>) data.get("result");
    return result;
  }

  /** Returns the values of {@code label} on the series that {@code match} selects. */
  List<String> labelValues(String label, String match) throws IOException, InterruptedException {
    Map<String, Object> body = get("/api/v1/label/" + label + "/values?match[]="
        + URLEncoder.encode(match, StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) body.get("data");
    return values;
  }

  private Map<String, Object> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    // The API answers JSON, which the YAML loader reads as well.
    return DeployFiles.safeYaml().load(response.body());
  }

  private void awaitReady(Path log) throws Exception {
    try {
      Await.until("prometheus is ready", 20, () -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("prometheus exited: " + Files.readString(log));
        }
        try {
          return http.send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
          return false; // not listening yet
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + Files.readString(log), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
