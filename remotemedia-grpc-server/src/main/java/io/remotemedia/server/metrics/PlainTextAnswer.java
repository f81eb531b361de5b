package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A fixed plain-text answer with its status; a HEAD request gets the status alone. */
final class PlainTextAnswer implements HttpHandler {
  /** 405 for a method other than GET and HEAD, which are all the metrics port answers. */
  static final PlainTextAnswer GET_OR_HEAD_ONLY =
      new PlainTextAnswer(405, "method not allowed; use GET or HEAD\n", "GET, HEAD");

  private final int status;
  private final byte[] body;
  private final String allow;

  /**
   * @param status the HTTP status
   * @param text the body, ASCII
   */
  PlainTextAnswer(int status, String text) {
    this(status, text, null);
  }

  private PlainTextAnswer(int status, String text, String allow) {
    this.status = status;
    this.body = text.getBytes(StandardCharsets.US_ASCII);
    this.allow = allow;
  }

  /** {@return whether {@code exchange}'s method is GET or HEAD} */
  static boolean isRead(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    return method.equals("GET") || method.equals("HEAD");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (allow != null) {
        exchange.getResponseHeaders().set("Allow", allow);
      }
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
    }
  }
}
