package io.remotemedia.server.config;

/**
 * The {@code server} section: the listening address, the worker pool and message sizes. Changes
 * take effect on restart.
 *
 * @param host the address to bind
 * @param port the gRPC port; 0 picks a free one
 * @param workerThreads threads that run pipelines
 * @param workerQueueCapacity requests that may wait for a worker
 * @param maxInboundMessageBytes the largest request accepted, in bytes
 * @param shutdownGraceMs how long in-flight calls may finish after a shutdown signal, in ms
 * @param preStopDelayMs how long the server keeps serving after a shutdown signal while health
 *     already reports NOT_SERVING (so load balancers stop sending), in ms
 * @param maxConnections the most TCP connections open at once; more are closed as soon as they
 *     are accepted. The process's file-descriptor limit must exceed it (docs/security.md)
 * @param handshakeTimeoutMs how long a new connection has to finish its TLS handshake and send
 *     its HTTP/2 preface before it is closed, in ms
 */
public record ServerConfig(
    String host,
    int port,
    int workerThreads,
    int workerQueueCapacity,
    int maxInboundMessageBytes,
    long shutdownGraceMs,
    long preStopDelayMs,
    int maxConnections,
    long handshakeTimeoutMs) {

  /**
   * {@return whether {@link #host()} is a loopback address, judged from the text alone (no DNS)}
   */
  public boolean bindsLoopbackOnly() {
    return isLoopback(host);
  }

  static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.")
        || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
  }
}
