package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients of the metrics port that start a request and never finish it, against a real
 * endpoint on a loopback port: scrapes and readiness probes are still answered, and the
 * server closes the stalled connections.
 */
class SlowHttpClientsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void scrapeAndReady_besideStalledRequests_areAnsweredAndTheStalledAreClosed()
      throws Exception {
    try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 0,
        new CollectorRegistry(), MetricsAccess.open(), () -> true)) {
      List<Socket> stalled = new ArrayList<>();
      try {
        // More than the endpoint has threads: each sent one byte of a request, then nothing.
        for (int i = 0; i < MetricsHttpServer.THREADS + 2; i++) {
          Socket socket = new Socket("127.0.0.1", http.port());
          socket.getOutputStream().write('G');
          socket.getOutputStream().flush();
          stalled.add(socket);
        }
        String base = "http://127.0.0.1:" + http.port();

        // A kubelet probe waits 1 s by default; the stalled requests are closed within 3 s.
        HttpResponse<String> ready = get(base + "/-/ready", Duration.ofSeconds(8));
        HttpResponse<String> metrics = get(base + "/metrics", Duration.ofSeconds(8));

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("SERVING\n");
        assertThat(metrics.statusCode()).isEqualTo(200);
        for (Socket socket : stalled) {
          assertThat(closedByServer(socket)).as("the server closed the stalled connection")
              .isTrue();
        }
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  /**
   * {@return whether the server closes {@code socket} within 8 s: an end of stream, or a reset
   * where the server closed with the request's unread byte in its buffer}
   */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(8_000);
    try (InputStream in = socket.getInputStream()) {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return e.getMessage() != null && e.getMessage().contains("Connection reset");
    }
  }

  private static HttpResponse<String> get(String url, Duration timeout) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
