package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@value MetricsHttpServer#READY_PATH} on the metrics port: 200 {@code SERVING} while the gRPC
 * server serves, 503 {@code NOT_SERVING} before it has started and from the first moment of a
 * drain, as {@code grpc.health.v1.Health} answers on the gRPC port. It is for probes that cannot
 * speak gRPC over TLS, such as the kubelet's: an HTTP probe needs neither the server's
 * certificate nor the scrape password, so it asks for no credentials and tells nothing else.
 */
final class ReadinessHandler implements HttpHandler {
  private static final byte[] SERVING = "SERVING\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_SERVING = "NOT_SERVING\n".getBytes(StandardCharsets.US_ASCII);

  private final BooleanSupplier serving;

  /** @param serving whether the gRPC server serves now */
  ReadinessHandler(BooleanSupplier serving) {
    this.serving = Objects.requireNonNull(serving, "serving");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(MetricsHttpServer.READY_PATH)) {
        exchange.sendResponseHeaders(404, -1);
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
      } else {
        boolean ready = serving.getAsBoolean();
        byte[] body = ready ? SERVING : NOT_SERVING;
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
          exchange.sendResponseHeaders(ready ? 200 : 503, -1);
        } else {
          exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      }
    } finally {
      exchange.close();
    }
  }
}
