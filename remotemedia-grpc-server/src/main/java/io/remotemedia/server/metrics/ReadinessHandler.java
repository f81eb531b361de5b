package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
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
  private static final PlainTextAnswer SERVING = new PlainTextAnswer(200, "SERVING\n");
  private static final PlainTextAnswer NOT_SERVING = new PlainTextAnswer(503, "NOT_SERVING\n");

  private final BooleanSupplier serving;
  private final HttpHandler notFound;

  /**
   * @param serving whether the gRPC server serves now
   * @param notFound what answers a path under it ({@code /-/ready/x}): the port's 404
   */
  ReadinessHandler(BooleanSupplier serving, HttpHandler notFound) {
    this.serving = Objects.requireNonNull(serving, "serving");
    this.notFound = Objects.requireNonNull(notFound, "notFound");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // As sent: the JDK routes /-/%72eady here by its decoded path (see ExactPathHandler).
    if (!exchange.getRequestURI().getRawPath().equals(MetricsHttpServer.READY_PATH)) {
      notFound.handle(exchange);
    } else if (!PlainTextAnswer.isRead(exchange)) {
      PlainTextAnswer.GET_OR_HEAD_ONLY.handle(exchange);
    } else {
      (serving.getAsBoolean() ? SERVING : NOT_SERVING).handle(exchange);
    }
  }
}
