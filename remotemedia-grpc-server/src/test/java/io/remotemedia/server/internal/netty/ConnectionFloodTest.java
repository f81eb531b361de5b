package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.Await;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.metrics.Exposition;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floods the real configured server with raw TCP connections on loopback, past {@code
 * server.max_connections}, while a real SDK client keeps calling.
 */
class ConnectionFloodTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """);
  private static final int MAX_CONNECTIONS = 50;
  private static final int FLOOD = 200;

  @TempDir Path temp;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<RemoteMediaClient> clients = new ArrayList<>();
  private ConfiguredServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    clients.forEach(RemoteMediaClient::close);
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void flood_pastMaxConnections_refusesTheRestCountsThemAndKeepsServingTheClient()
      throws Exception {
    start(/* handshakeTimeoutMs= */ 60_000);
    RemoteMediaClient client = client();
    assertThat(client.execute(request()).audio("gain").frameCount()).isEqualTo(160);

    for (int i = 0; i < FLOOD; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      sockets.add(socket);
    }
    // The client's connection holds one place: 49 raw sockets fit, 151 are refused.
    int expectedRefused = FLOOD - (MAX_CONNECTIONS - 1);
    Await.until("all refusals counted", Duration.ofSeconds(20),
        () -> scrape().value("connections_refused_total") >= expectedRefused);

    Exposition during = scrape();
    assertThat(during.value("connections_refused_total")).isEqualTo(expectedRefused);
    assertThat(during.value("connections_open")).isEqualTo(MAX_CONNECTIONS);
    assertThat(during.value("connections_max")).isEqualTo(MAX_CONNECTIONS);
    assertThat(closedSockets()).isEqualTo(expectedRefused);
    // The client's connection predates the flood and is still served during it.
    for (int i = 0; i < 5; i++) {
      assertThat(client.execute(request()).audio("gain").frameCount()).isEqualTo(160);
    }

    for (Socket socket : sockets) {
      socket.close();
    }
    Await.until("the flood's connections closed", Duration.ofSeconds(20),
        () -> scrape().value("connections_open") == 1);
    // A new client connects once the flood has gone.
    assertThat(client().execute(request()).audio("gain").frameCount()).isEqualTo(160);
  }

  @Test
  void silentConnection_isClosedAfterTheHandshakeTimeoutAndFreesItsPlace() throws Exception {
    start(/* handshakeTimeoutMs= */ 300);
    Socket silent = new Socket();
    silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    sockets.add(silent);
    silent.setSoTimeout(20_000);

    // The server sends its own HTTP/2 settings, then closes: the stream ends (or resets).
    boolean ended;
    try (InputStream in = silent.getInputStream()) {
      while (in.read() != -1) {
        // The server's SETTINGS frame.
      }
      ended = true;
    } catch (SocketException reset) {
      ended = true;
    }

    assertThat(ended).isTrue();
    Await.until("the silent connection uncounted", Duration.ofSeconds(20),
        () -> scrape().value("connections_open") == 0);
    assertThat(scrape().value("connections_refused_total")).isZero();
  }

  @Test
  void drain_withASilentConnection_closesItAtOnceAndLeavesTheStreamInFlightOpen()
      throws Exception {
    start(/* handshakeTimeoutMs= */ 60_000);
    LinkedBlockingQueue<StreamResult> results = new LinkedBlockingQueue<>();
    CompletableFuture<Long> draining = new CompletableFuture<>();
    CompletableFuture<RemoteMediaException> failed = new CompletableFuture<>();
    RemoteStreamSession stream = client().openSession(
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), new StreamListener() {
          @Override
          public void onResult(StreamResult result) {
            results.add(result);
          }

          @Override
          public void onDraining(long deadlineMs) {
            draining.complete(deadlineMs);
          }

          @Override
          public void onError(RemoteMediaException e) {
            failed.complete(e);
          }
        });
    stream.send(new float[160]);
    assertThat(results.poll(10, TimeUnit.SECONDS)).as("a result before the drain").isNotNull();
    Socket silent = new Socket();
    silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    sockets.add(silent);
    Await.until("the silent connection counted", Duration.ofSeconds(20),
        () -> scrape().value("connections_open") == 2);

    long start = System.nanoTime();
    ConfiguredServer stopping = server;
    server = null;
    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(() -> stopping.shutdown(Duration.ofSeconds(20)));
    draining.get(10, TimeUnit.SECONDS);
    // The silent connection is closed at once: a plain close, no reset.
    silent.setSoTimeout(5_000);
    InputStream in = silent.getInputStream();
    while (in.read() != -1) {
      // The server's SETTINGS frame, then its FIN.
    }
    // The stream's connection, ready long before, is not: the stream goes on and finishes.
    stream.send(new float[160]);
    assertThat(results.poll(10, TimeUnit.SECONDS)).as("a result after the drain began")
        .isNotNull();
    stream.finish().get(10, TimeUnit.SECONDS);
    drained.get(20, TimeUnit.SECONDS);
    long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

    // Without the close it waited for the handshake timeout, past the 20 s grace period.
    assertThat(tookMs).as("drain with a silent connection and a stream that finishes, ms")
        .isLessThan(5_000);
    assertThat(failed).isNotDone();
  }

  /** Counts the flood's sockets the server has closed: their read ends at once. */
  private int closedSockets() throws IOException {
    int closed = 0;
    for (Socket socket : sockets) {
      socket.setSoTimeout(50);
      try {
        InputStream in = socket.getInputStream();
        while (in.read() != -1) {
          // An accepted connection first gets the server's HTTP/2 SETTINGS frame.
        }
        closed++;
      } catch (SocketTimeoutException stillOpen) {
        // Open and silent: the server is waiting for its handshake.
      } catch (SocketException reset) {
        closed++;
      }
    }
    return closed;
  }

  private void start(long handshakeTimeoutMs) throws Exception {
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
          max_connections: %d
          handshake_timeout_ms: %d
        metrics:
          port: 0
        """.formatted(MAX_CONNECTIONS, handshakeTimeoutMs), StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  private RemoteMediaClient client() {
    RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(20)).build();
    clients.add(client);
    return client;
  }

  private Exposition scrape() {
    return Exposition.scrapeOrFail(server.metricsPort().orElseThrow());
  }

  private static ExecutionRequest request() {
    return ExecutionRequest.of(GAIN, "gain",
        AudioBuffer.of(AudioFormat.f32(8000, 1), new float[160]));
  }
}
