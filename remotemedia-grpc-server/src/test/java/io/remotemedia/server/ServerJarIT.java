package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.grpc.Status;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.auth.TokenSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user starts it: a separate JVM, JSON logs on stdout, a real call, and
 * SIGTERM. Runs in the integration-test phase, after the jar is built.
 */
class ServerJarIT {
  @TempDir Path temp;
  /** A server that starts and listens. */
  private ServerProcess server;
  /** A command of the jar expected to end by itself (failures, hash-token). */
  private Process process;

  @AfterEach
  void killServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void jar_startsServesAndStopsCleanlyOnSigterm() throws Exception {
    server = ServerProcess.builder(temp, "server").start();
    int port = server.port();
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
            URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("grpc_requests_total{method=\"ExecutePipeline\",code=\"OK\",} 1.0")
        .contains("jvm_memory_bytes_used");

    server.terminate();
    int exitCode = server.awaitExit(Duration.ofSeconds(30));
    List<String> lines = server.output().lines().toList();
    assertThat(exitCode).as("exit code; output:%n%s", String.join("\n", lines)).isZero();
    assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\""));
    assertThat(String.join("\n", lines)).contains("shutdown signal received")
        .contains("\"event\":\"rpc.access\"")
        .contains("\"event\":\"drain.not_serving\"")
        .contains("\"event\":\"drain.refusing\"")
        .contains("\"event\":\"drain.done\"")
        .contains("server stopped")
        .contains("authentication is off (auth.enabled: false); serving on loopback 127.0.0.1"
            + " only")
        .contains("listening on 127.0.0.1:" + port + " (gRPC, plaintext, no authentication)");
    if (System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64")) {
      assertThat(String.join("\n", lines)).as("the shaded jar loads native epoll")
          .contains("network transport: native epoll");
    }
  }

  @Test
  void jar_sighupAndSigtermWhileStarting_reloadsThenDrainsAndExits0() throws Exception {
    assumeSighupReachesTheServer();
    server = ServerProcess.builder(temp, "starting").startWithoutWaiting();
    // Logged inside the start, before any port is bound: the server does not run yet.
    server.awaitLogged("effective configuration:");
    new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start().waitFor();
    server.terminate();

    int exitCode = server.awaitExit(Duration.ofSeconds(30));
    String output = server.output();
    assertThat(exitCode).as("exit code (129 or 143: the JVM's own handler); output:%n%s",
        output).isZero();
    assertThat(output).contains("\"event\":\"server.listening\"")
        .contains("SIGHUP received; reloading")
        .contains("shutdown signal received")
        .contains("server stopped");
  }

  @Test
  void jar_startedWithSighupIgnored_warnsThatSighupWillNotReload() throws Exception {
    server = ServerProcess.builder(temp, "nohup").sighupIgnored().start();
    new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start().waitFor();
    server.terminate();

    assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
    assertThat(server.linesContaining("\"event\":\"server.sighup_ignored\"")).singleElement()
        .asString().contains("\"log.level\":\"WARN\"")
        .contains("SIGHUP is ignored in this process (started with nohup");
    assertThat(server.output()).doesNotContain("SIGHUP received");
  }

  /**
   * Skips (fails on CI) a test that signals SIGHUP when this JVM ignores it (run under {@code
   * nohup}): the server it starts inherits that, and would not hear the signal.
   */
  private static void assumeSighupReachesTheServer() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return;
    }
    for (String line : Files.readAllLines(status)) {
      // SigIgn is a hexadecimal mask of ignored signals; bit 0 is signal 1, SIGHUP.
      if (line.startsWith("SigIgn:")
          && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 1) != 0) {
        String message = "SIGHUP is ignored in this process (run under nohup?), so a server"
            + " started from it cannot receive one";
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError(message);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, message + "; skipping");
      }
    }
  }

  @Test
  void jar_http2ProtocolErrors_everyLineWrittenIsJson() throws Exception {
    server = ServerProcess.builder(temp, "h2").start();
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] emptySettings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    List<byte[]> connectionErrors = List.of(
        // DATA on stream 1, which was never opened
        new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 1, 'x'},
        // WINDOW_UPDATE of 0 on the connection
        new byte[] {0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    for (byte[] frame : connectionErrors) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(preface);
        socket.getOutputStream().write(emptySettings);
        socket.getOutputStream().write(frame);
        // Until the server closes the connection (GOAWAY, then FIN): it has failed it by then.
        assertThat(socket.getInputStream().readNBytes(1 << 16)).hasSizeLessThan(1 << 16);
      } catch (SocketException reset) {
        // Closed with a reset: failed too.
      }
    }
    server.terminate();

    assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
    // grpc-java logs "Transport failed" with a stack trace through java.util.logging, whose
    // own handler wrote it to stderr as plain text; the jar sends it to log4j (io.grpc: WARN).
    assertThat(server.output().lines().toList())
        .allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\""));
  }

  @Test
  void jar_sigtermUnderLoad_answersEveryAcceptedCallOkAndRefusesTheRestUnavailable()
      throws Exception {
    server = ServerProcess.builder(temp, "server").start();
    int port = server.port();
    PipelineManifest chain = new ManifestParser().parse("""
        {"version": "v1", "metadata": {"name": "chain"},
         "nodes": [{"id": "a", "node_type": "Gain", "params": {"gain_db": 1}},
                   {"id": "b", "node_type": "Gain", "params": {"gain_db": -1}},
                   {"id": "c", "node_type": "Gain", "params": {"gain_db": 2}}],
         "connections": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}
        """);
    AudioBuffer oneSecond = AudioBuffer.of(AudioFormat.f32(48000, 2), new float[96_000]);
    AtomicInteger ok = new AtomicInteger();
    Queue<Status.Code> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).deadline(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 4; i++) {
        // Each thread calls until its first failure, which must be a refusal.
        Thread thread = new Thread(() -> {
          while (true) {
            try {
              client.execute(ExecutionRequest.of(chain, "a", oneSecond));
              ok.incrementAndGet();
            } catch (RemoteMediaException e) {
              failures.add(e.code());
              return;
            }
          }
        }, "load-" + i);
        thread.start();
        clients.add(thread);
      }
      Await.until("20 calls answered before SIGTERM", 60, () -> ok.get() >= 20);
      assertThat(ok.get()).as("calls answered before SIGTERM").isGreaterThanOrEqualTo(20);

      server.terminate(); // SIGTERM, while the threads keep calling
      for (Thread thread : clients) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
    }

    int exitCode = server.awaitExit(Duration.ofSeconds(30));
    List<String> lines = server.output().lines().toList();
    String output = String.join("\n", lines);
    assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
    assertThat(failures).as("every thread ended on a refusal").hasSize(4)
        .containsOnly(Status.Code.UNAVAILABLE);
    List<String> accessLines = lines.stream()
        .filter(line -> line.contains("\"method\":\"ExecutePipeline\"")).toList();
    // The server's own account: every call it took in was answered OK, and the client saw
    // every one of those answers.
    assertThat(accessLines).as("server access lines").allSatisfy(line ->
        assertThat(line).contains("\"status\":\"OK\""));
    assertThat(accessLines).hasSize(ok.get());
    assertThat(output).contains("\"event\":\"drain.done\"")
        .doesNotContain("\"event\":\"drain.forced\"");
  }

  @Test
  void jar_withConfigFromTheEnvironment_requiresTokensAndReloadsThemOnSighup() throws Exception {
    assumeSighupReachesTheServer();
    Path tokens = temp.resolve("tokens.txt");
    Files.writeString(tokens, hashLine("alice") + "\n");
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, "server:\n  port: 50999\nauth:\n  enabled: true\n"
        + "  tokens_file: " + tokens + "\n  tokens_file_check_ms: 0\n");
    server = ServerProcess.builder(temp, "server")
        .environment("REMOTEMEDIA_CONFIG", config.toString()).start();
    int port = server.port();
    try (RemoteMediaClient alice = client(port, "alice-token");
        RemoteMediaClient bob = client(port, "bob-token");
        RemoteMediaClient anonymous = client(port, null)) {
      assertThat(alice.serverInfo().compatible()).isTrue();
      assertThatThrownBy(anonymous::serverInfo).isInstanceOfSatisfying(
          RemoteMediaException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getMessage()).isEqualTo("missing or invalid credentials");
          });

      Files.writeString(tokens, hashLine("alice") + "\n" + hashLine("bob") + "\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start().waitFor();
      server.awaitLogged("configuration reloaded");
      assertThat(bob.serverInfo().compatible()).isTrue();
    }

    server.terminate();
    int exitCode = server.awaitExit(Duration.ofSeconds(30));
    String output = server.output();
    assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
    assertThat(output)
        .contains("server.port = 0 (flag --port)")
        .contains("auth.tokens = alice (SHA-256 hashes <redacted>)")
        .contains("listening on 127.0.0.1:" + port + " (gRPC, plaintext, bearer tokens)")
        .contains("authentication failed: missing credentials")
        .doesNotContain(hashLine("alice").substring(6))
        .doesNotContain("alice-token");
  }

  @Test
  void jar_badConfiguration_listsEveryProblemAndExits2() throws Exception {
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, "server:\n  port: 70000\n  hots: 0.0.0.0\n");
    Path log = temp.resolve("server.log");
    process = new ProcessBuilder(java(), "-jar", jar(), "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isEqualTo(2);
    assertThat(output).contains("remotemedia-server: " + config + ": 2 problems:\n"
        + "  server.port (line 2, column 9): must be in [0, 65535], was 70000\n"
        + "  server.hots (line 3, column 3): unknown key (did you mean \"server.host\"?)");
  }

  @Test
  void jar_logLevelVariableThatIsNoLevel_isOneProblemLineWithoutLog4jStackTraces()
      throws Exception {
    Path log = temp.resolve("server.log");
    ProcessBuilder serve = new ProcessBuilder(java(), "-jar", jar(), "--port", "0",
        "--metrics-port", "0")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    serve.environment().put("REMOTEMEDIA_LOG_LEVEL", "loud");
    process = serve.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isEqualTo(2);
    assertThat(output).contains("REMOTEMEDIA_LOG_LEVEL (logging.level): must be one of")
        .doesNotContain("\tat ").doesNotContain("Exception");

    ProcessBuilder explain = new ProcessBuilder(java(), "-jar", jar(), "explain",
        "--manifest", Path.of("../examples/gain.json").toAbsolutePath().toString(),
        "--input", "gain=48000:2")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    explain.environment().put("REMOTEMEDIA_LOG_LEVEL", "loud");
    process = explain.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).startsWith("remotemedia explain: REMOTEMEDIA_LOG_LEVEL (logging.level):"
            + " must be one of trace, debug, info, warn, error, was \"loud\"; logging at INFO\n")
        .contains("node gain (Gain): 48000 Hz, 2 ch")
        .doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void jar_grpcPortInUse_printsOneLineNamingThePortAndTheFlagAndExits1() throws Exception {
    try (ServerSocket taken = takenPort()) {
      String stderr = startExpectingFailure("--port", Integer.toString(taken.getLocalPort()),
          "--metrics-port", "0");

      assertThat(stderr).isEqualTo("remotemedia-server: cannot listen for gRPC on 127.0.0.1:"
          + taken.getLocalPort() + ": the port is already in use (server.port = "
          + taken.getLocalPort() + ", flag --port); stop what holds it or choose another port"
          + " with --port PORT, REMOTEMEDIA_SERVER_PORT or server.port in the configuration"
          + " file (0 picks a free one)\n");
    }
  }

  @Test
  void jar_metricsPortInUse_printsOneLineNamingThePortAndTheSettingAndExits1() throws Exception {
    try (ServerSocket taken = takenPort()) {
      Path config = temp.resolve("config.yaml");
      Files.writeString(config, "metrics:\n  port: " + taken.getLocalPort() + "\n");

      String stderr = startExpectingFailure("--port", "0", "--config", config.toString());

      assertThat(stderr).startsWith("remotemedia-server: cannot listen for metrics on 127.0.0.1:"
              + taken.getLocalPort() + ": the port is already in use (metrics.port = "
              + taken.getLocalPort() + ", file)")
          .contains("--metrics-port PORT, REMOTEMEDIA_METRICS_PORT or metrics.port")
          .hasLineCount(1);
    }
  }

  /** Holds a free loopback port, as a server started earlier would. */
  private static ServerSocket takenPort() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  /**
   * Starts the jar with {@code args}, expects it to exit 1 without a stack trace anywhere, and
   * returns what it wrote to stderr.
   */
  private String startExpectingFailure(String... args) throws Exception {
    Path stdout = temp.resolve("stdout.log");
    Path stderr = temp.resolve("stderr.log");
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; stderr:%n%s", err).isEqualTo(1);
    assertThat(out + err).as("no stack trace").doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    return err;
  }

  @Test
  void jar_hashToken_printsTheTokensFileLine() throws Exception {
    process = new ProcessBuilder(java(), "-jar", jar(), "hash-token", "alice").start();
    process.getOutputStream().write("alice-token\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).isEqualTo(hashLine("alice") + "\n");
  }

  private static String hashLine(String name) {
    return TokenSet.hashLine(name, name + "-token");
  }

  private static String java() {
    return ServerProcess.java();
  }

  private static String jar() {
    return ServerProcess.jar();
  }

  private static RemoteMediaClient client(int port, String token) {
    RemoteMediaClient.Builder builder = RemoteMediaClient.builder().target("127.0.0.1:" + port);
    if (token != null) {
      builder.token(token);
    }
    return builder.build();
  }
}
