package io.remotemedia.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A fixed plain-text answer with its status; a HEAD request gets the status alone. */
final class PlainTextAnswer implements HttpHandler {
  private final int status;
  private final byte[] body;

  /**
   * @param status the HTTP status
   * @param text the body, ASCII
   */
  PlainTextAnswer(int status, String text) {
    this.status = status;
    this.body = text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
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
