package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The shipped {@code docs/deploy/nginx.conf}, edited as an operator edits it (the listen address
 * and the replicas' addresses) and run by a real nginx in the foreground with its own prefix
 * directory, so it needs no root paths.
 *
 * <p>{@link #start} skips the test where nginx is not installed, and fails it when {@code
 * CI=true} (CI installs the Debian package {@code nginx}). Not thread-safe.
 */
final class NginxProxy implements AutoCloseable {
  /** The shipped configuration, relative to the server module (the test's working directory). */
  static final Path SHIPPED_CONFIG = Path.of("..", "docs", "deploy", "nginx.conf");

  private static final Pattern LISTEN = Pattern.compile("(?m)^(\\s*listen\\s+)\\S+(\\s+http2;)");
  private static final Pattern UPSTREAM_SERVERS =
      Pattern.compile("(?m)(^\\s*server\\s+\\S+:\\d+\\s+[^;]*;\\n)+");
  private static final Pattern SERVER_OPTIONS =
      Pattern.compile("(?m)^(\\s*)server\\s+\\S+:\\d+(\\s+[^;]*;)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path prefix;
  private final int port;

  private NginxProxy(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /**
   * Renders the shipped configuration for {@code replicas} into {@code prefix}, starts nginx on
   * a free loopback port and waits until it accepts connections.
   *
   * @param replicas {@code host:port} of each replica
   */
  static NginxProxy start(Path prefix, List<String> replicas)
      throws Exception {
    Path nginx = findNginx();
    int port = freePort();
    Path config = prefix.resolve("nginx.conf");
    Files.writeString(config, render(Files.readString(SHIPPED_CONFIG, StandardCharsets.UTF_8),
        "127.0.0.1:" + port, replicas));
    Files.createDirectories(prefix.resolve("temp"));
    // Workers of a root master switch to "nobody", which cannot enter the test's private
    // temporary directory; they run as the test's own user instead.
    String user = "root".equals(System.getProperty("user.name")) ? " user root;" : "";
    Process process = new ProcessBuilder(nginx.toString(), "-p", prefix + "/", "-c",
        config.toString(), "-e", "stderr", "-g", "daemon off;" + user)
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("nginx.log").toFile())
        .start();
    NginxProxy proxy = new NginxProxy(process, prefix, port);
    proxy.awaitListening();
    return proxy;
  }

  /**
   * The shipped configuration with the listen address and the replica list replaced; the
   * replica lines keep the shipped options ({@code max_fails}, {@code fail_timeout}).
   */
  static String render(String shipped, String listen, List<String> replicas) {
    Matcher listenLine = LISTEN.matcher(shipped);
    assertThat(listenLine.find()).as("the shipped config has a listen ... http2 line").isTrue();
    String withListen = listenLine.replaceFirst("$1" + Matcher.quoteReplacement(listen) + "$2");
    Matcher servers = UPSTREAM_SERVERS.matcher(withListen);
    assertThat(servers.find()).as("the shipped config lists upstream servers").isTrue();
    Matcher first = SERVER_OPTIONS.matcher(servers.group());
    assertThat(first.find()).isTrue();
    String indent = first.group(1);
    String options = first.group(2);
    String lines = replicas.stream()
        .map(replica -> indent + "server " + replica + options + "\n")
        .collect(Collectors.joining());
    return withListen.substring(0, servers.start()) + lines
        + withListen.substring(servers.end());
  }

  /** {@code 127.0.0.1:port}, where gRPC clients connect. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** What nginx wrote: its access log (one line per call) and its error log. */
  String output() throws IOException {
    return Files.readString(prefix.resolve("nginx.log"), StandardCharsets.UTF_8);
  }

  /** Stops nginx (SIGTERM: fast shutdown) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitListening() throws Exception {
    try {
      Await.until("nginx listens on " + port, START_TIMEOUT, () -> {
        if (!process.isAlive()) {
          throw new AssertionError("nginx exited with " + process.exitValue() + ":\n"
              + output());
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return true;
        } catch (IOException notYet) {
          return false;
        }
      });
    } catch (AssertionError e) {
      if (!process.isAlive()) {
        throw e; // its message carries the output already
      }
      throw new AssertionError(e.getMessage() + ":\n" + output(), e);
    }
  }

  private static Path findNginx() {
    Optional<Path> found = Stream.concat(
            Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("")
                .split(File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/local/sbin", "/sbin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "nginx"))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("nginx is not installed; CI needs: apt-get install -y nginx");
      }
      Assumptions.abort("nginx is not installed (apt-get install -y nginx); skipping the proxy"
          + " test");
    }
    return found.get();
  }

  /** A port free now; nginx cannot report a port it picked itself. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
