package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.metrics.Exposition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replica as an operator runs it: the shaded jar in its own JVM, started with a YAML config
 * file, JSON logs to a file, metrics on a free port. The gRPC port is fixed once known, so a
 * replacement can start on the same port, as a Kubernetes pod keeps its container port.
 *
 * <p>Run from the integration-test phase, after {@code target/remotemedia-server.jar} is built.
 * Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;
  private final int metricsPort;

  private ServerProcess(Process process, Path log, int port, int metricsPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts a replica and waits until it listens.
   *
   * @param dir where its config file and log go
   * @param name names the files, e.g. {@code replica-0-gen-1}
   * @param port the gRPC port, 0 for a free one
   * @param drain written to the config as {@code server.pre_stop_delay_ms} and {@code
   *     server.shutdown_grace_ms}
   */
  static ServerProcess start(Path dir, String name, int port, DrainSettings drain)
      throws IOException, InterruptedException {
    return launch(dir, name, port, drain).awaitListening();
  }

  /**
   * Starts {@code count} replicas on free ports at once (their JVMs start in parallel), named
   * {@code replica-0} and up, and waits until all listen.
   */
  static List<ServerProcess> startFleet(Path dir, int count, DrainSettings drain)
      throws IOException, InterruptedException {
    List<Launched> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      launched.add(launch(dir, "replica-" + i, 0, drain));
    }
    List<ServerProcess> fleet = new ArrayList<>();
    boolean started = false;
    try {
      for (Launched replica : launched) {
        fleet.add(replica.awaitListening());
      }
      started = true;
      return fleet;
    } finally {
      if (!started) {
        launched.forEach(replica -> replica.process().destroyForcibly());
      }
    }
  }

  private static Launched launch(Path dir, String name, int port, DrainSettings drain)
      throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, "server:\n"
        + "  port: " + port + "\n"
        + "  pre_stop_delay_ms: " + drain.preStopDelay().toMillis() + "\n"
        + "  shutdown_grace_ms: " + drain.grace().toMillis() + "\n"
        + "metrics:\n"
        + "  port: 0\n");
    Path log = dir.resolve(name + ".log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = Path.of("target", "remotemedia-server.jar");
    assertThat(jar).as("the shaded jar (built in the package phase)").exists();
    // A small heap and a quick start: several of these share two cores with the test.
    Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new Launched(process, log);
  }

  /** A started process that may not listen yet. */
  private record Launched(Process process, Path log) {
    ServerProcess awaitListening() throws IOException, InterruptedException {
      int port = awaitPort(process, log, LISTENING);
      return new ServerProcess(process, log, port, awaitPort(process, log, METRICS));
    }
  }

  /** The gRPC port. */
  int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** The process id, for logs and {@code kill}. */
  long pid() {
    return process.pid();
  }

  /** Scrapes this replica's {@code /metrics}: the scrape target is the replica's identity. */
  Exposition scrape() throws IOException, InterruptedException {
    return Exposition.scrape(metricsPort);
  }

  /** Sends SIGTERM: the graceful drain. */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL, as {@code kill -9} or an OOM kill. */
  void kill() {
    process.destroyForcibly();
  }

  /**
   * Waits for the process to exit.
   *
   * @return the exit code
   * @throws AssertionError if it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("replica " + address() + " still running " + timeout
          + " after the signal; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process wrote (its JSON log lines). */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int awaitPort(Process process, Path log, Pattern line)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      Matcher matcher = line.matcher(text);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited before listening; output:\n" + text);
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new AssertionError("the server did not listen within " + START_TIMEOUT
        + "; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }
}
