package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Serves each of a few exact paths with its handler and answers 404 for every other path. The
 * JDK's server matches a context by prefix, so simpleclient's {@code /} context answered any
 * path with the metrics: a probe or a scrape aimed at a wrong path ({@code /healthz},
 * {@code /metrics/}) succeeded instead of failing where its operator would see it.
 *
 * <p>Paths are matched as sent, not percent-decoded: {@code /%6Detrics} is 404. A proxy rule that
 * keeps {@code /metrics} from the public matches the path it forwards; had this port decoded it,
 * an encoded spelling would pass the rule and be served the metrics.
 */
final class ExactPathHandler implements HttpHandler {
  private final Map<String, HttpHandler> handlers;
  private final PlainTextAnswer notFound;

  /**
   * @param handlers each exact path, such as {@code /metrics}, and what answers it
   * @param otherPaths paths the port serves in contexts of their own, named in the 404's text
   */
  ExactPathHandler(Map<String, HttpHandler> handlers, Collection<String> otherPaths) {
    this.handlers = Map.copyOf(handlers);
    this.notFound = new PlainTextAnswer(404, "not found; this port serves " + String.join(", ",
        Stream.concat(handlers.keySet().stream(), otherPaths.stream()).sorted().toList())
        + "\n");
  }

  /** {@return the 404 answer for a path this port does not serve, naming those it does} */
  HttpHandler notFound() {
    return notFound;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpHandler handler = handlers.get(exchange.getRequestURI().getRawPath());
    if (handler == null) {
      notFound.handle(exchange);
    } else if (!PlainTextAnswer.isRead(exchange)) {
      PlainTextAnswer.GET_OR_HEAD_ONLY.handle(exchange);
    } else {
      handler.handle(exchange);
    }
  }
}
