package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.metrics.Exposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one launcher of the server tests: the shaded jar in its own JVM, as an operator runs it,
 * JSON logs to a file, gRPC on {@code --port} (0 for a free one, or a fixed port so that a
 * replacement starts where its predecessor ran, as a Kubernetes pod keeps its container port)
 * and metrics on a free port. {@link #close()} kills it if it still runs, so a test's cleanup
 * never leaves it behind.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.builder(temp, "server")
 *     .config("server:\n  worker_threads: 2\n").start()) {
 *   ... "127.0.0.1:" + server.port() ...
 * }
 * }</pre>
 *
 * <p>Run from the integration-test phase, after {@code target/remotemedia-server.jar} is built.
 * Not thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** A small heap and a quick start: several replicas share two cores with the test. */
  private static final List<String> QUICK_START_JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts describing a server process.
   *
   * @param dir where its config file and log go
   * @param name names the files, e.g. {@code replica-0-gen-1}
   */
  public static Builder builder(Path dir, String name) {
    return new Builder(dir, name);
  }

  /**
   * Starts {@code count} replicas on free ports at once (their JVMs start in parallel), named
   * {@code replica-0} and up, with the quick-start JVM options, and waits until all listen.
   */
  public static List<ServerProcess> startFleet(Path dir, int count, DrainSettings drain)
      throws Exception {
    List<Launched> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      launched.add(builder(dir, "replica-" + i).drain(drain).quickStart().launch());
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

  /** Returns the path of this JVM's {@code java}, to start other JVMs the same way. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Returns the shaded jar's path; fails if the package phase has not built it. */
  public static String jar() {
    Path jar = Path.of("target", "remotemedia-server.jar");
    assertThat(jar).as("the shaded jar (built in the package phase)").exists();
    return jar.toString();
  }

  /** What to start: config, port, drain settings, JVM options, environment and extra flags. */
  public static final class Builder {
    private final Path dir;
    private final String name;
    private String configYaml;
    private int port;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private boolean sighupIgnored;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder(Path dir, String name) {
      this.dir = dir;
      this.name = name;
    }

    /** Writes {@code yaml} to {@code <name>.yaml} and passes it with {@code --config}. */
    public Builder config(String yaml) {
      this.configYaml = yaml;
      return this;
    }

    /** The gRPC port, passed as {@code --port}; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Sets {@code server.pre_stop_delay_ms} and {@code server.shutdown_grace_ms} through their
     * environment variables, so that they combine with any {@link #config(String)}.
     */
    public Builder drain(DrainSettings drain) {
      environment.put("REMOTEMEDIA_SERVER_PRE_STOP_DELAY_MS",
          Long.toString(drain.preStopDelay().toMillis()));
      environment.put("REMOTEMEDIA_SERVER_SHUTDOWN_GRACE_MS",
          Long.toString(drain.grace().toMillis()));
      return this;
    }

    /** Options for the JVM, before {@code -jar}, e.g. {@code -Xmx512m}. */
    public Builder jvmArgs(String... options) {
      jvmArgs.addAll(List.of(options));
      return this;
    }

    /** A small heap and a quick start, for several replicas sharing the machine. */
    public Builder quickStart() {
      jvmArgs.addAll(QUICK_START_JVM);
      return this;
    }

    /** Sets an environment variable of the process, e.g. {@code REMOTEMEDIA_CONFIG}. */
    public Builder environment(String variable, String value) {
      environment.put(variable, value);
      return this;
    }

    /** Extra server flags, after the others. */
    /** Starts the server as {@code nohup} does: with SIGHUP ignored. */
    public Builder sighupIgnored() {
      sighupIgnored = true;
      return this;
    }

    public Builder args(String... flags) {
      args.addAll(List.of(flags));
      return this;
    }

    /** Starts the process and waits until it listens. */
    public ServerProcess start() throws Exception {
      return launch().awaitListening();
    }

    /** Starts the process and returns at once: {@link #port()} is 0, the server may not run yet. */
    public ServerProcess startWithoutWaiting() throws IOException {
      Launched launched = launch();
      return new ServerProcess(launched.process(), launched.log(), 0);
    }

    private Launched launch() throws IOException {
      List<String> command = new ArrayList<>();
      if (sighupIgnored) {
        command.add("nohup");
      }
      command.add(java());
      command.addAll(jvmArgs);
      command.addAll(List.of("-jar", jar()));
      if (configYaml != null) {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, configYaml);
        command.addAll(List.of("--config", config.toString()));
      }
      command.addAll(List.of("--port", Integer.toString(port), "--metrics-port", "0"));
      command.addAll(args);
      Path log = dir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new Launched(builder.start(), log);
    }
  }

  /** A started process that may not listen yet. */
  private record Launched(Process process, Path log) {
    ServerProcess awaitListening() throws Exception {
      ServerProcess server = new ServerProcess(process, log, 0);
      try {
        return new ServerProcess(process, log, server.awaitNumber(LISTENING));
      } catch (AssertionError e) {
        process.destroyForcibly();
        throw e;
      }
    }
  }

  /** The gRPC port. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The process id, for logs, {@code kill} and {@code jcmd}. */
  public long pid() {
    return process.pid();
  }

  /** Returns the metrics port, once the server has logged it. */
  public int metricsPort() throws Exception {
    return awaitNumber(METRICS);
  }

  /** Scrapes this replica's {@code /metrics}: the scrape target is the replica's identity. */
  public Exposition scrape() throws Exception {
    return Exposition.scrape(metricsPort());
  }

  /**
   * Returns the value of the sample written exactly as {@code sample} (a name, or a name with
   * its label text such as {@code jvm_memory_bytes_used{area="heap",}}) at {@code /metrics}.
   */
  public double metric(String sample) throws Exception {
    String body = scrape().text();
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(body);
    assertThat(value.find()).as("metric %s in:%n%s", sample, body).isTrue();
    return Double.parseDouble(value.group(1));
  }

  /** Returns whether the access log shows at least one ExecutePipeline call. */
  public boolean hasServedACall() {
    try {
      return !linesContaining("\"method\":\"ExecutePipeline\"").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends SIGTERM: the graceful drain. */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL, as {@code kill -9} or an OOM kill, and waits up to 10 s for the end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Waits for the process to exit.
   *
   * @return the exit code
   * @throws AssertionError if it is still running after {@code timeout}, with its output
   */
  public int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("server " + address() + " still running " + timeout
          + " after the signal; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process wrote so far (its JSON log lines). */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Returns the lines of the output that contain {@code text}. */
  public List<String> linesContaining(String text) throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains(text)).toList();
  }

  /**
   * Waits until the output contains {@code text}.
   *
   * @throws AssertionError if it does not within 30 s, or the process exits first
   */
  public void awaitLogged(String text) throws Exception {
    awaitOutput("\"" + text + "\" is logged", Duration.ofSeconds(30),
        output -> output.contains(text) ? 0 : -1);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private int awaitNumber(Pattern line) throws Exception {
    return awaitOutput("the server logs " + line, START_TIMEOUT, output -> {
      Matcher matcher = line.matcher(output);
      return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    });
  }

  /** Polls the output until {@code found} returns a number other than -1, and returns it. */
  private int awaitOutput(String what, Duration timeout, OutputSearch found) throws Exception {
    int[] result = {-1};
    try {
      Await.until(what, timeout, () -> {
        String text = output();
        result[0] = found.in(text);
        if (result[0] == -1 && !process.isAlive()) {
          throw new AssertionError("the server exited before " + what + "; output:\n" + text);
        }
        return result[0] != -1;
      });
    } catch (AssertionError e) {
      if (!process.isAlive()) {
        throw e; // its message carries the output already
      }
      throw new AssertionError(e.getMessage() + "; output:\n" + output(), e);
    }
    return result[0];
  }

  /** Finds a number in the output, or returns -1. */
  @FunctionalInterface
  private interface OutputSearch {
    int in(String output);
  }
}
