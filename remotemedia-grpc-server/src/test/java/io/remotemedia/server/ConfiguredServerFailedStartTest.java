package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ServerInterceptor;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails after the transport exists leaves nothing of it running: an application
 * that embeds the server and goes on after the failure keeps no event loops, metrics endpoint,
 * tokens watcher or their file descriptors.
 */
class ConfiguredServerFailedStartTest {
  /** The threads a start makes: the transport's, the metrics endpoint's, the tokens watcher. */
  private static final List<String> STARTED_THREADS = List.of("remotemedia-epoll",
      "remotemedia-nio", "prometheus-http", "remotemedia-tokens-watcher");

  @TempDir Path temp;

  @Test
  void start_grpcPortTaken_leavesNoThreadOfTheStartRunning() throws Exception {
    Set<Thread> before = startedThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ConfigLoader loader = loader("""
          server:
            port: %d
          metrics:
            port: 0
          auth:
            enabled: true
            tokens_file: %s
            tokens_file_check_ms: 1000
          """.formatted(taken.getLocalPort(), tokensFile()));

      assertThatThrownBy(() -> ConfiguredServer.start(loader))
          .isInstanceOf(PortBindException.class);
    }

    Await.until("the failed start's threads have ended", 20,
        () -> notIn(startedThreads(), before).isEmpty());
  }

  @Test
  void start_refusedInterceptor_closesTheTransport() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts /proc/self/fd (Linux)");
    ConfigLoader loader = loader("""
        server:
          port: 0
        metrics:
          enabled: false
        """);
    // Not a configuration problem: an application's mistake, found after the transport exists.
    List<ServerInterceptor> refused = Arrays.asList((ServerInterceptor) null);
    failToStart(loader, refused); // loads the classes and native code the count should not see
    long before = openFileDescriptors();

    for (int i = 0; i < 5; i++) {
      failToStart(loader, refused);
    }

    // Each transport left open keeps an epoll or selector descriptor per event loop, and more.
    assertThat(openFileDescriptors()).isLessThan(before + 5);
  }

  private static void failToStart(ConfigLoader loader, List<ServerInterceptor> interceptors) {
    assertThatThrownBy(() -> ConfiguredServer.start(loader, AuthFailureListener.NONE,
        interceptors)).isInstanceOf(NullPointerException.class);
  }

  private ConfigLoader loader(String yaml) throws IOException {
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.builder().file(file).build();
  }

  private Path tokensFile() throws IOException {
    Path file = temp.resolve("tokens");
    Files.writeString(file, TokenSet.hashLine("alice", "alice-token") + "\n");
    return file;
  }

  private static Set<Thread> startedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> STARTED_THREADS.stream().anyMatch(thread.getName()::startsWith))
        .collect(Collectors.toSet());
  }

  private static Set<String> notIn(Set<Thread> now, Set<Thread> before) {
    return now.stream().filter(thread -> !before.contains(thread)).map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors.count();
    }
  }
}
