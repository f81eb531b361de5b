package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user starts it: a separate JVM, JSON logs on stdout, a real call, and
 * SIGTERM. Runs in the integration-test phase, after the jar is built.
 */
class ServerJarIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path temp;
  private Process process;

  @AfterEach
  void killServer() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void jar_startsServesAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = Path.of("target", "remotemedia-server.jar");
    assertThat(jar).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = temp.resolve("server.log");
    process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0",
        "--metrics-port", "0")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();

    int port = awaitPort(log, LISTENING);
    int metricsPort = awaitPort(log, METRICS);
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).build()) {
      AudioBuffer out = client.execute(ExecutionRequest.of(new ManifestParser().parse(
              "{\"version\":\"v1\",\"nodes\":[{\"id\":\"g\",\"node_type\":\"Gain\","
                  + "\"params\":{\"gain_db\":20}}]}"),
          "g", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.01f})))
          .audio("g");
      assertThat(out.samples()[0]).isCloseTo(0.1f, within(1e-6f));
    }
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("grpc_requests_total{method=\"ExecutePipeline\",code=\"OK\",} 1.0")
        .contains("jvm_memory_bytes_used");

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; output:%n%s", String.join("\n", lines))
        .isZero();
    assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\""));
    assertThat(String.join("\n", lines)).contains("shutdown signal received")
        .contains("\"event\":\"rpc.access\"")
        .contains("\"event\":\"drain.not_serving\"")
        .contains("\"event\":\"drain.refusing\"")
        .contains("\"event\":\"drain.done\"")
        .contains("server stopped");
    if (System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64")) {
      assertThat(String.join("\n", lines)).as("the shaded jar loads native epoll")
          .contains("network transport: native epoll");
    }
  }

  private int awaitPort(Path log, Pattern line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      Matcher matcher = line.matcher(text);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited before listening; output:\n" + text);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not listen within 60 s; output:\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }
}
