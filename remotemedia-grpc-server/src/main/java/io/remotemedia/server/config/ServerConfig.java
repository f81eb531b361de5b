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
 */
public record ServerConfig(
    String host,
    int port,
    int workerThreads,
    int workerQueueCapacity,
    int maxInboundMessageBytes,
    long shutdownGraceMs,
    long preStopDelayMs) {

  /** Whether {@link #host()} is a loopback address, judged from the text alone (no DNS). */
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
