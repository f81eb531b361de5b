package io.remotemedia.server.config;

/**
 * The {@code server} section: the listening address, the capacity and message sizes. It owns
 * these facts; what the parts of a server take is derived from it ({@code ServerSettings},
 * the runner's admission, {@code DrainSettings}). Changes take effect on restart.
 *
 * @param host the address to bind
 * @param port the gRPC port; 0 picks a free one
 * @param workerThreads pipeline executions that may run at once: the runner's execution slots
 * @param workerQueueCapacity executions that may wait for a slot before new ones are refused
 *     as BUSY
 * @param maxInboundMessageBytes the largest request accepted, in bytes
 * @param shutdownGraceMs how long in-flight calls may finish after a shutdown signal, in ms
 * @param preStopDelayMs how long the server keeps serving after a shutdown signal while health
 *     already reports NOT_SERVING (so load balancers stop sending), in ms
 * @param maxConnections the most TCP connections open at once; more are closed as soon as they
 *     are accepted. The process's file-descriptor limit must exceed it (docs/security.md)
 * @param handshakeTimeoutMs how long a new connection has to finish its TLS handshake and send
 *     its HTTP/2 preface before it is closed, in ms
 * @param inlineMaxNodeSamples ExecutePipeline requests whose audio is PCM and whose input
 *     samples times the manifest's node count are at most this run on the transport thread that
 *     read them when a slot is free at once; 0: none
 * @param maxStreamResetsPer10s the most streams one connection may reset (HTTP/2 RST_STREAM,
 *     its client's or the server's) in 10 s; one more closes the connection (the "rapid reset"
 *     flood, docs/security.md)
 * @param maxCallsAwaitingRequest the most PipelineService calls that may have started without
 *     sending their first message yet, on the whole server; the next is refused as BUSY
 * @param maxCallsAwaitingRequestPerConnection of them, the most one client connection may
 *     have; the next on it is refused as BUSY. 0 in a file means a tenth of {@code
 *     maxCallsAwaitingRequest}, at least 1
 * @param requestArrivalTimeoutMs how long a unary PipelineService call may go without any of its
 *     request arriving (from its start, then from its last bytes), in ms
 * @param maxRequestBytesInTransit the most bytes of unary requests that may have arrived and
 *     not yet been decoded, on the whole server; 0 in a file means a quarter of
 *     the JVM's direct memory, at least {@code maxInboundMessageBytes}
 * @param flowControlWindowBytes each call's HTTP/2 receive window, in bytes: the most a client
 *     may send on one call ahead of what the server has read; each open stream reserves twice
 *     it in {@code limits.total_memory_bytes}
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
    long handshakeTimeoutMs,
    long inlineMaxNodeSamples,
    int maxStreamResetsPer10s,
    int maxCallsAwaitingRequest,
    int maxCallsAwaitingRequestPerConnection,
    long requestArrivalTimeoutMs,
    long maxRequestBytesInTransit,
    int flowControlWindowBytes) {
  /** The smallest request size limit a server accepts, in bytes. */
  public static final int MIN_INBOUND_MESSAGE_BYTES = 1024;
  /** Room for the manifest and framing in a request, beside its audio, in bytes: 1 MiB. */
  static final long MANIFEST_ROOM_BYTES = 1 << 20;

  /**
   * The one rule for the request size limit that follows from the input limit: the input
   * samples as 32-bit floats plus 1 MiB for the manifest, at most {@link Integer#MAX_VALUE}
   * and at least {@value #MIN_INBOUND_MESSAGE_BYTES}. {@code server.max_inbound_message_bytes:
   * 0} means this, with {@code limits.maximums.max_input_samples}.
   *
   * @param maxInputSamples the most input samples a request may carry
   * @return the request size limit, in bytes
   */
  public static int messageBytesFor(long maxInputSamples) {
    // Bounded first, so that a huge input limit cannot overflow the product.
    long bytes = Math.min(maxInputSamples, Integer.MAX_VALUE) * Float.BYTES
        + MANIFEST_ROOM_BYTES;
    return (int) Math.max(MIN_INBOUND_MESSAGE_BYTES, Math.min(Integer.MAX_VALUE, bytes));
  }

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
