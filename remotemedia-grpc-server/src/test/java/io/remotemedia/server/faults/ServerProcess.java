package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server started from the shaded jar in its own JVM, as a user starts it: on port 0 (or a
 * given port), with a config file, JSON logs captured to a file. {@link #close()} kills it if it
 * is still running, so a test's cleanup never leaves it behind.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log) throws IOException, InterruptedException {
    this.process = process;
    this.log = log;
    this.port = awaitNumber(LISTENING);
  }

  /**
   * Starts the jar with {@code configYaml} written to {@code dir}, on {@code port} (0 for any)
   * with metrics on a free port, and waits until it listens.
   */
  static ServerProcess start(Path dir, String name, String configYaml, int port)
      throws IOException, InterruptedException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, configYaml);
    Path log = dir.resolve(name + ".log");
    Path jar = Path.of("target", "remotemedia-server.jar");
    assertThat(jar).as("the shaded jar (built in the package phase)").exists();
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", jar.toString(),
        "--config", config.toString(), "--port", Integer.toString(port), "--metrics-port",
        "0"));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new ServerProcess(process, log);
  }

  /** Returns the path of this JVM's {@code java}, to start other JVMs the same way. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  int port() {
    return port;
  }

  /** Returns the metrics port, once the server has logged it. */
  int metricsPort() throws IOException, InterruptedException {
    return awaitNumber(METRICS);
  }

  /**
   * Returns the value of the unlabelled metric {@code name} from the server's metrics endpoint.
   */
  double metric(String name) throws IOException, InterruptedException {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + metricsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(body);
    assertThat(value.find()).as("metric %s in:%n%s", name, body).isTrue();
    return Double.parseDouble(value.group(1));
  }

  /** Returns whether the access log shows at least one ExecutePipeline call. */
  boolean hasServedACall() {
    try {
      return !linesContaining("\"method\":\"ExecutePipeline\"").isEmpty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Sends SIGTERM: the graceful drain. */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL and waits for the process to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits up to {@code seconds} for the process to exit; returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException, IOException {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
        .as("server exited within %d s; output:%n%s", seconds, output()).isTrue();
    return process.exitValue();
  }

  /** Returns everything the server has written so far. */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Returns the lines of the output that contain {@code text}. */
  List<String> linesContaining(String text) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains(text)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private int awaitNumber(Pattern line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher matcher = line.matcher(output());
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited before logging " + line + "; output:\n"
            + output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not log " + line + " within 60 s; output:\n"
        + output());
  }
}
