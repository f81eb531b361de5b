package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the rules against a real Prometheus that scrapes a real server under a
 * short load: every dashboard query, every recorded series and every metric an alert reads
 * returns data, so no metric name or label in them is misspelt or missing. Needs Debian's
 * prometheus package.
 */
class PrometheusLiveTest {
  private static final ManifestParser PARSER = new ManifestParser();
  private static final PipelineManifest RESAMPLE = PARSER.parse("""
      {"version": "v1", "metadata": {"name": "to16k"},
       "nodes": [{"id": "r", "node_type": "AudioResample", "params": {"target_sample_rate": 16000}},
                 {"id": "g", "node_type": "Gain", "params": {"gain_db": -3}}],
       "connections": [{"from": "r", "to": "g"}]}
      """);
  private static final PipelineManifest GAIN = PARSER.parse("""
      {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain", "params": {"gain_db": 1}}]}
      """);
  private static final PipelineManifest MISSPELT = PARSER.parse("""
      {"version": "v1", "nodes": [{"id": "g", "node_type": "Gian", "params": {}}]}
      """);
  private static final Pattern GROUP_BY = Pattern.compile("\\bby \\(([^)]*)\\)");
  private static final Pattern SELECTOR = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{[^}]*}");
  /** Exported with TLS on only, which this test's server is not (TlsEndToEndTest has it). */
  private static final String TLS_ONLY = "tls_certificate_expiry_timestamp_seconds";
  /** What the dashboard's variables stand for here: all replicas, and a window of 15 scrapes. */
  private static final Map<String, String> VARIABLES = Map.of("$job", "remotemedia-server",
      "$instance", ".*", "$__rate_interval", "15s");

  @TempDir Path temp;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void answers_groupingByALabelTheSeriesLack_isNoAnswer() {
    List<Map<String, Object>> oneSeries = List.of(Map.of("metric", Map.of("method", "Check"),
        "value", List.of(1.0, "2")));

    assertThat(answers("sum by (method) (x)", oneSeries)).isTrue();
    assertThat(answers("histogram_quantile(0.5, sum by (le, method) (x))", oneSeries)).isTrue();
    assertThat(answers("sum by (mehtod) (x)", oneSeries)).isFalse();
    assertThat(answers("x", List.of(Map.of("metric", Map.of(), "value", List.of(1.0, "NaN")))))
        .isFalse();
    assertThat(answers("x", List.of())).isFalse();
  }

  @Test
  void everyDashboardQueryRecordedSeriesAndAlertMetric_returnsDataFromARealServer()
      throws Exception {
    String prometheusBinary = DebianTool.PROMETHEUS.require();
    ConfiguredServer server = startServer();
    PrometheusProcess prometheus = PrometheusProcess.start(prometheusBinary,
        "127.0.0.1:" + server.metricsPort().orElseThrow(),
        DeployFiles.path("monitoring/rules.yml"), temp);
    closeables.add(prometheus);
    Load load = new Load(server.port());
    Thread loader = new Thread(load, "load");
    loader.start();
    closeables.add(() -> {
      load.running.set(false);
      loader.join(TimeUnit.SECONDS.toMillis(30));
    });

    Map<String, String> queries = new LinkedHashMap<>();
    dashboardQueries().forEach(query -> queries.put(query, "dashboard"));
    recordedSeries().forEach(name -> queries.put(name, "recording rule"));
    alertSelectors().forEach(selector -> queries.put(selector, "alert"));
    assertThat(queries).hasSizeGreaterThan(40);
    // Series appear with the first calls and rates need two scrapes: poll until all answer.
    List<String> empty = new ArrayList<>(queries.keySet());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!empty.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      List<String> stillEmpty = new ArrayList<>();
      for (String query : empty) {
        if (!answers(query, prometheus.query(query))) {
          stillEmpty.add(query);
        }
      }
      empty = stillEmpty;
    }

    load.rethrowFailure();
    assertThat(load.completed()).as("load cycles").isPositive();
    assertThat(empty).as("queries without data (of %d)", queries.size()).isEmpty();
    assertThat(prometheus.labelValues("instance", "up{job=\"remotemedia-server\"}"))
        .as("the dashboard's replica variable").containsExactly(
            "127.0.0.1:" + server.metricsPort().orElseThrow());
  }

  /**
   * True if some sample of the result is a number (a quantile of no traffic is NaN) and carries
   * every label the query groups by: {@code sum by (clinet)} of a misspelt label would
   * otherwise answer one series without labels.
   */
  @SuppressWarnings("unchecked")
  static boolean answers(String query, List<Map<String, Object>> result) {
    List<String> grouping = new ArrayList<>();
    Matcher by = GROUP_BY.matcher(query);
    while (by.find()) {
      for (String label : by.group(1).split(",")) {
        if (!label.isBlank() && !label.strip().equals("le")) {
          grouping.add(label.strip());
        }
      }
    }
    return result.stream()
        .filter(sample -> !"NaN".equals(String.valueOf(((List<?>) sample.get("value")).get(1))))
        .anyMatch(sample -> ((Map<String, Object>) sample.get("metric")).keySet()
            .containsAll(grouping));
  }

  private ConfiguredServer startServer() throws Exception {
    Path tokens = temp.resolve("tokens.txt");
    Files.writeString(tokens, TokenSet.hashLine("alice", "alice-token") + "\n",
        StandardCharsets.UTF_8);
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, """
        server:
          host: 127.0.0.1
          port: 0
        metrics:
          port: 0
        auth:
          enabled: true
          tokens_file: %s
          # The load fails to authenticate 4 times a second from 127.0.0.1, which the default
          # per-address throttle would block after 20 (alice too: same address).
          max_failures_per_peer: 0
        """.formatted(tokens), StandardCharsets.UTF_8);
    ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder().file(config)
        .environment(Map.of()).build());
    closeables.add(() -> server.shutdown(Duration.ofSeconds(5)));
    return server;
  }

  /** Every target expression of the dashboard, with its variables filled in. */
  @SuppressWarnings("unchecked")
  static List<String> dashboardQueries() {
    Map<String, Object> dashboard = DeployFiles.safeYaml().load(
        DeployFiles.read("monitoring/grafana-dashboard.json"));
    List<String> queries = new ArrayList<>();
    for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
      for (Map<String, Object> target : (List<Map<String, Object>>) panel.getOrDefault(
          "targets", List.of())) {
        String expr = (String) target.get("expr");
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
          expr = expr.replace(variable.getKey(), variable.getValue());
        }
        assertThat(expr).as("unknown variable").doesNotContain("$");
        queries.add(expr);
      }
    }
    return queries;
  }

  /** The name of every series the rule file records. */
  @SuppressWarnings("unchecked")
  static List<String> recordedSeries() {
    Map<String, Object> rules = DeployFiles.safeYaml().load(DeployFiles.read(
        "monitoring/rules.yml"));
    List<String> names = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("record")) {
          names.add((String) rule.get("record"));
        }
      }
    }
    return names;
  }

  /**
   * Every series selector of the alerts that reads a metric of the server, not a recorded
   * series (those are checked as recorded series) and not the TLS-only one: a misspelt name in
   * an alert would otherwise only meet the same misspelling in rules-test.yml.
   */
  @SuppressWarnings("unchecked")
  static List<String> alertSelectors() {
    Map<String, Object> rules = DeployFiles.safeYaml().load(DeployFiles.read(
        "monitoring/rules.yml"));
    List<String> selectors = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("alert")) {
          Matcher selector = SELECTOR.matcher((String) rule.get("expr"));
          while (selector.find()) {
            String found = selector.group();
            if (!found.contains(":") && !found.startsWith(TLS_ONLY + "{")) {
              selectors.add(found);
            }
          }
        }
      }
    }
    return selectors;
  }

  /**
   * A few calls of every kind in a loop, 4 a second: successes through two node types, a
   * stream, a bad manifest (INVALID_ARGUMENT), a 1 ms timeout (DEADLINE_EXCEEDED, a
   * server-side error) and a call without a token (UNAUTHENTICATED).
   */
  private static final class Load implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    private final int port;
    private volatile int completed;
    private volatile Throwable failure;

    Load(int port) {
      this.port = port;
    }

    int completed() {
      return completed;
    }

    /** Fails the test with what stopped the load, if it stopped: its queries get no data then. */
    void rethrowFailure() {
      if (failure != null) {
        throw new AssertionError("the load stopped after " + completed + " cycles", failure);
      }
    }

    @Override
    public void run() {
      AudioBuffer oneSecond = AudioBuffer.of(AudioFormat.f32(48000, 1), new float[48000]);
      AudioBuffer tenSeconds = AudioBuffer.of(AudioFormat.f32(48000, 2), new float[960_000]);
      AudioFormat streamFormat = AudioFormat.f32(16000, 1);
      try (RemoteMediaClient alice = client("alice-token");
          RemoteMediaClient stranger = client(null)) {
        while (running.get()) {
          alice.execute(ExecutionRequest.of(RESAMPLE, "r", oneSecond));
          expectFailure(() -> alice.execute(ExecutionRequest.of(MISSPELT, "g", oneSecond)));
          expectFailure(() -> alice.execute(new ExecutionRequest(RESAMPLE,
              Map.of("r", tenSeconds), new ExecutionLimits(1, 0, 0))));
          expectFailure(stranger::serverInfo);
          try (PipelineStream stream = alice.openStream(OpenStreamRequest.of(GAIN,
              streamFormat))) {
            for (long sequence = 0; sequence < 3; sequence++) {
              stream.push(sequence, AudioBuffer.of(streamFormat, new float[320]));
            }
            stream.finish();
          }
          completed++;
          Thread.sleep(250);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | AssertionError e) {
        failure = e;
      }
    }

    private RemoteMediaClient client(String token) {
      RemoteMediaClient.Builder builder = RemoteMediaClient.builder()
          .target("127.0.0.1:" + port).deadline(Duration.ofSeconds(20));
      if (token != null) {
        builder.token(token);
      }
      return builder.build();
    }

    private static void expectFailure(Call call) {
      try {
        call.run();
        throw new AssertionError("the call should have failed");
      } catch (RemoteMediaException expected) {
        // counted by the server's metrics, which is the point
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A client call that is expected to fail. */
  @FunctionalInterface
  private interface Call {
    void run() throws IOException;
  }
}
