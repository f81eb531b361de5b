package io.remotemedia.server.metrics;

/**
 * How long the JDK's HTTP server behind {@link MetricsHttpServer} waits for a request's line
 * and headers before it closes the connection. The server reads them on one of its few
 * threads (simpleclient's pool runs one), blocking, with no bound of its own: a single
 * connection that sent one byte and then nothing held that thread for ever, so every later
 * scrape and every {@code /-/ready} probe (the production-tls overlay's readiness probe) went
 * unanswered, from anyone who could reach the port, before any password was asked for.
 *
 * <p>The JDK reads the bound from the system property {@value #PROPERTY} (whole seconds) once,
 * when its first HTTP server is created in the process; {@link #applyUnlessSet()} sets it
 * first, unless the operator already has ({@code -Dsun.net.httpserver.maxReqTime=N}). A
 * scraper sends its few hundred bytes of request at once, so {@value #DEFAULT_SECONDS} s is
 * ample. The JDK checks once a second, so a connection may last up to a second longer.
 */
final class HttpRequestTimeout {
  /** The JDK's property: the most seconds a request may take to arrive. */
  static final String PROPERTY = "sun.net.httpserver.maxReqTime";
  /** The bound set when the operator sets none, in seconds. */
  static final int DEFAULT_SECONDS = 2;

  private HttpRequestTimeout() {}

  /** Sets {@value #PROPERTY} to {@value #DEFAULT_SECONDS} unless it is set already. */
  static void applyUnlessSet() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, Integer.toString(DEFAULT_SECONDS));
    }
  }
}
