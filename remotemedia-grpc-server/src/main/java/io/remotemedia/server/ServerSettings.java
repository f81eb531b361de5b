package io.remotemedia.server;

/**
 * How the server runs. Immutable.
 *
 * @param host the address to bind, for example {@code 127.0.0.1}
 * @param port the gRPC port; 0 picks a free one
 * @param workerThreads threads that run pipelines; default: the number of cores
 * @param workerQueueCapacity requests that may wait for a worker before new ones are refused
 *     with RESOURCE_EXHAUSTED
 * @param maxInboundMessageBytes the largest request accepted, in bytes
 * @param shutdownGraceMs how long in-flight calls may run after a shutdown signal, in ms
 */
public record ServerSettings(
    String host,
    int port,
    int workerThreads,
    int workerQueueCapacity,
    int maxInboundMessageBytes,
    long shutdownGraceMs) {

  /** The default gRPC port. */
  public static final int DEFAULT_PORT = 50051;

  /**
   * Checks every value.
   *
   * @param host the address to bind, for example {@code 127.0.0.1}
   * @param port the gRPC port; 0 picks a free one
   * @param workerThreads threads that run pipelines; default: the number of cores
   * @param workerQueueCapacity requests that may wait for a worker before new ones are refused with
   *     RESOURCE_EXHAUSTED
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @param shutdownGraceMs how long in-flight calls may run after a shutdown signal, in ms
   */
  public ServerSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be >= 1, was " + workerThreads);
    }
    if (workerQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "workerQueueCapacity must be >= 1, was " + workerQueueCapacity);
    }
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maxInboundMessageBytes must be >= 1024, was " + maxInboundMessageBytes);
    }
    if (shutdownGraceMs < 0) {
      throw new IllegalArgumentException("shutdownGraceMs must be >= 0, was " + shutdownGraceMs);
    }
  }

  /**
   * {@return the embedded defaults: loopback on port {@value #DEFAULT_PORT}, one worker per
   * core, a queue of 4 requests per worker, messages big enough for the default input-sample
   * limit in F32 plus 1 MiB for the manifest, and a 30 s grace period}
   *
   * @param maxInputSamples the input-sample limit requests run under, which sizes the message limit
   */
  public static ServerSettings defaults(long maxInputSamples) {
    int cores = Runtime.getRuntime().availableProcessors();
    long messageBytes = Math.min(Integer.MAX_VALUE, maxInputSamples * Float.BYTES + (1 << 20));
    return new ServerSettings("127.0.0.1", DEFAULT_PORT, cores, 4 * cores, (int) messageBytes,
        30_000);
  }

  /**
   * {@return these settings with another host and port}
   *
   * @param newHost the address to bind
   * @param newPort the gRPC port; 0 picks a free one
   */
  public ServerSettings withAddress(String newHost, int newPort) {
    return new ServerSettings(newHost, newPort, workerThreads, workerQueueCapacity,
        maxInboundMessageBytes, shutdownGraceMs);
  }
}
