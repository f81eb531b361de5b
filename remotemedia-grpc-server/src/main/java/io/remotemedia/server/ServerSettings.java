package io.remotemedia.server;

import io.remotemedia.server.config.ServerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RemoteMediaServer} applies to its transport itself. Immutable.
 *
 * <p>Everything else that shapes a server has one home elsewhere: the address is the {@code
 * ServerBuilder}'s; capacity (executions at once, callers waiting, open streams) is the
 * runner's admission ({@code LocalPipelineRunner.Builder}); stream timeouts are {@code
 * StreamSettings}; the drain is {@code DrainSettings}. {@link ConfiguredServer} derives all of
 * them from the configuration, whose {@link ServerConfig} owns the {@code server.*} settings.
 *
 * @param maxInboundMessageBytes the largest request accepted, in bytes; at least {@value
 *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}
 * @param inlineMaxNodeSamples ExecutePipeline requests whose audio is PCM and whose input
 *     samples (frames x channels, over every input) times the manifest's node count are at most
 *     this run on the transport thread that read them when an execution slot is free at once; 0
 *     runs every request on a worker. It applies to the server jar's own runner
 *     ({@link ConfiguredServer}: built-in node types, none of which blocks); a server built
 *     around another runner runs every request on a worker, since its node types might block
 * @param maxCallsAwaitingRequest the most PipelineService calls that may have started without
 *     sending their first message yet (a unary call's request, a stream's opening), on the whole
 *     server; the next is refused as BUSY
 * @param maxCallsAwaitingRequestPerConnection of them, the most one client connection may have
 *     (the next on it is refused as BUSY), so that one connection cannot starve the others'
 *     new calls; from 1 to {@code maxCallsAwaitingRequest}
 * @param requestArrivalTimeout how long a unary PipelineService call may go without any of its
 *     request arriving (from its start, then from its last bytes) before it is closed with
 *     DEADLINE_EXCEEDED; whole milliseconds
 * @param maxRequestBytesInTransit the most bytes of unary PipelineService requests that may
 *     have arrived and are not yet decoded, on the whole server (grpc keeps them in the
 *     transport's buffers until then); a request whose next bytes would pass it is
 *     refused as BUSY. At least {@code maxInboundMessageBytes}, so that the largest request
 *     fits alone
 * @param flowControlWindowBytes each call's HTTP/2 receive window, in bytes: the most a client
 *     may send on one call that the server has not asked for yet. Fixed (grpc-java would tune
 *     it up to 8 MiB), so that a stream whose client sends chunks but does not read its
 *     results leaves at most this much of them in the transport's direct memory; each open
 *     stream reserves twice it in the runner's memory bound. The server applies it when its
 *     builder is a {@code NettyServerBuilder}. From {@value #MIN_FLOW_CONTROL_WINDOW_BYTES} to
 *     {@value #MAX_FLOW_CONTROL_WINDOW_BYTES}
 */
public record ServerSettings(int maxInboundMessageBytes, long inlineMaxNodeSamples,
    int maxCallsAwaitingRequest, int maxCallsAwaitingRequestPerConnection,
    Duration requestArrivalTimeout, long maxRequestBytesInTransit,
    int flowControlWindowBytes) {
  /**
   * The default of {@code server.inline_max_node_samples}: one second of mono 48 kHz audio
   * through one node, or half a second through two.
   */
  public static final long DEFAULT_INLINE_MAX_NODE_SAMPLES = 48_000;
  /**
   * The default of {@code server.max_calls_awaiting_request}: far above the calls a server
   * receives at once (a call waits only while its request crosses the network), and about
   * 28 MB of heap if all of them are held (measured, docs/security.md).
   */
  public static final int DEFAULT_MAX_CALLS_AWAITING_REQUEST = 10_000;
  /**
   * What share of {@code server.max_calls_awaiting_request} one connection may take by
   * default: a tenth, so that at least ten connections must be silent at once to fill the
   * server.
   */
  static final int CONNECTION_SHARE_DIVISOR = 10;
  /**
   * The default of {@code server.request_arrival_timeout_ms}: 60 s without any of a request
   * arriving, far longer than a live link pauses.
   */
  public static final Duration DEFAULT_REQUEST_ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The default of {@code server.flow_control_window_bytes}: 512 KiB, about 10 MB/s for one
   * unary upload over a 50 ms round trip, and 1 MiB of the memory bound per open stream.
   */
  public static final int DEFAULT_FLOW_CONTROL_WINDOW_BYTES = 512 * 1024;
  /** The smallest receive window a server accepts: HTTP/2's initial window, in bytes. */
  public static final int MIN_FLOW_CONTROL_WINDOW_BYTES = 65_535;
  /** The largest receive window a server accepts: 16 MiB, twice what grpc-java tunes up to. */
  public static final int MAX_FLOW_CONTROL_WINDOW_BYTES = 16 * 1024 * 1024;

  /**
   * Validates the settings.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @param inlineMaxNodeSamples the most input samples times nodes run on the transport thread
   * @param maxCallsAwaitingRequest the most calls that may wait for their first message
   * @param maxCallsAwaitingRequestPerConnection of them, the most on one connection
   * @param requestArrivalTimeout how long a unary call may go without any of its request
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}, {@code inlineMaxNodeSamples} is negative,
   *     {@code maxCallsAwaitingRequest} is below 1, {@code
   *     maxCallsAwaitingRequestPerConnection} is below 1 or above {@code
   *     maxCallsAwaitingRequest}, or {@code requestArrivalTimeout} is not a
   *     positive whole number of milliseconds
   * @param maxRequestBytesInTransit the most bytes of unfinished unary requests on the server
   * @param flowControlWindowBytes each call's HTTP/2 receive window, in bytes
   * @throws NullPointerException if {@code requestArrivalTimeout} is null
   * @throws IllegalArgumentException also if {@code maxRequestBytesInTransit} is below {@code
   *     maxInboundMessageBytes}, or {@code flowControlWindowBytes} is outside {@value
   *     #MIN_FLOW_CONTROL_WINDOW_BYTES} to {@value #MAX_FLOW_CONTROL_WINDOW_BYTES}
   */
  public ServerSettings {
    if (maxInboundMessageBytes < ServerConfig.MIN_INBOUND_MESSAGE_BYTES) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be >= "
          + ServerConfig.MIN_INBOUND_MESSAGE_BYTES + ", was " + maxInboundMessageBytes);
    }
    if (inlineMaxNodeSamples < 0) {
      throw new IllegalArgumentException("inlineMaxNodeSamples must be >= 0, was "
          + inlineMaxNodeSamples);
    }
    if (maxCallsAwaitingRequest < 1) {
      throw new IllegalArgumentException("maxCallsAwaitingRequest must be >= 1, was "
          + maxCallsAwaitingRequest);
    }
    if (maxCallsAwaitingRequestPerConnection < 1
        || maxCallsAwaitingRequestPerConnection > maxCallsAwaitingRequest) {
      throw new IllegalArgumentException("maxCallsAwaitingRequestPerConnection must be from 1"
          + " to maxCallsAwaitingRequest (" + maxCallsAwaitingRequest + "), was "
          + maxCallsAwaitingRequestPerConnection);
    }
    Objects.requireNonNull(requestArrivalTimeout, "requestArrivalTimeout");
    // Not toNanos() or toMillis(): they overflow for long durations, which must be refused
    // as below (past what a long holds in ms) or kept (past what it holds in ns).
    if (requestArrivalTimeout.compareTo(Duration.ofMillis(1)) < 0
        || requestArrivalTimeout.getNano() % 1_000_000 != 0
        || requestArrivalTimeout.getSeconds() >= Long.MAX_VALUE / 1000) {
      throw new IllegalArgumentException("requestArrivalTimeout must be a positive whole"
          + " number of milliseconds, fewer than Long.MAX_VALUE, was " + requestArrivalTimeout);
    }
    if (maxRequestBytesInTransit < maxInboundMessageBytes) {
      throw new IllegalArgumentException("maxRequestBytesInTransit must be >="
          + " maxInboundMessageBytes (" + maxInboundMessageBytes + "), was "
          + maxRequestBytesInTransit);
    }
    if (flowControlWindowBytes < MIN_FLOW_CONTROL_WINDOW_BYTES
        || flowControlWindowBytes > MAX_FLOW_CONTROL_WINDOW_BYTES) {
      throw new IllegalArgumentException("flowControlWindowBytes must be from "
          + MIN_FLOW_CONTROL_WINDOW_BYTES + " to " + MAX_FLOW_CONTROL_WINDOW_BYTES + ", was "
          + flowControlWindowBytes);
    }
  }

  /**
   * Settings with the default bound on request bytes in transit ({@link
   * #defaultRequestBytesInTransit}), the default share of one connection in the calls
   * awaiting their request ({@link #defaultCallsAwaitingRequestPerConnection}) and the default
   * receive window ({@value #DEFAULT_FLOW_CONTROL_WINDOW_BYTES} bytes).
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @param inlineMaxNodeSamples the most input samples times nodes run on the transport thread
   * @param maxCallsAwaitingRequest the most calls that may wait for their first message
   * @param requestArrivalTimeout how long a unary call may go without any of its request
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ServerSettings(int maxInboundMessageBytes, long inlineMaxNodeSamples,
      int maxCallsAwaitingRequest, Duration requestArrivalTimeout) {
    this(maxInboundMessageBytes, inlineMaxNodeSamples, maxCallsAwaitingRequest,
        defaultCallsAwaitingRequestPerConnection(maxCallsAwaitingRequest),
        requestArrivalTimeout, defaultRequestBytesInTransit(maxInboundMessageBytes),
        DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
  }

  /**
   * {@return the default of {@code server.max_calls_awaiting_request_per_connection}: a tenth
   * of {@code maxCalls}, at least 1} A client sends its request right after the call's
   * headers, so its calls wait only while their requests cross the network: 1,000 at once on
   * one connection (the default's share) is far above need.
   *
   * @param maxCalls the most calls that may wait on the whole server
   */
  public static int defaultCallsAwaitingRequestPerConnection(int maxCalls) {
    return Math.max(1, maxCalls / CONNECTION_SHARE_DIVISOR);
  }

  /**
   * {@return the default of {@code server.max_request_bytes_in_transit}: a quarter of the
   * JVM's direct memory, and at least {@code maxInboundMessageBytes}} grpc keeps a request's
   * bytes in slices of the transport's read buffers, which hold about twice as much direct
   * memory (80 MB of requests arriving held 170 MB, measured 2026-12-06 on the 2-vCPU
   * development machine, docs/security.md); a quarter leaves half of it to everything else.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   */
  public static long defaultRequestBytesInTransit(int maxInboundMessageBytes) {
    return Math.max(maxInboundMessageBytes, DirectMemory.maxBytes() / 4);
  }

  /**
   * Settings with the default bounds on calls that wait for their request.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @param inlineMaxNodeSamples the most input samples times nodes run on the transport thread
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES} or {@code inlineMaxNodeSamples} is negative
   */
  public ServerSettings(int maxInboundMessageBytes, long inlineMaxNodeSamples) {
    this(maxInboundMessageBytes, inlineMaxNodeSamples, DEFAULT_MAX_CALLS_AWAITING_REQUEST,
        DEFAULT_REQUEST_ARRIVAL_TIMEOUT);
  }

  /**
   * Settings with the default {@link #inlineMaxNodeSamples()} and bounds on calls that wait for
   * their request.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}
   */
  public ServerSettings(int maxInboundMessageBytes) {
    this(maxInboundMessageBytes, DEFAULT_INLINE_MAX_NODE_SAMPLES);
  }

  /**
   * Returns the settings of a server whose runner accepts up to {@code maxInputSamples} input
   * samples: requests as large as {@link ServerConfig#messageBytesFor} allows them.
   *
   * @param maxInputSamples the runner's maximum of input samples per request
   * @return the settings
   */
  public static ServerSettings defaults(long maxInputSamples) {
    return new ServerSettings(ServerConfig.messageBytesFor(maxInputSamples));
  }

  /**
   * {@return these settings with other bounds on calls that wait for their request}
   *
   * @param maxCalls the most calls that may wait for their first message; 1 or more
   * @param maxPerConnection of them, the most on one connection; from 1 to {@code maxCalls}
   * @param timeout how long a unary call may wait for its request; whole milliseconds
   */
  public ServerSettings withRequestArrival(int maxCalls, int maxPerConnection,
      Duration timeout) {
    return new ServerSettings(maxInboundMessageBytes, inlineMaxNodeSamples, maxCalls,
        maxPerConnection, timeout, maxRequestBytesInTransit, flowControlWindowBytes);
  }

  /**
   * {@return the most samples coded audio (G.711, Opus) may decode to: in one ExecutePipeline
   * request, all its inputs together, and in one stream chunk} As many as the largest message
   * could carry as 32-bit PCM ({@code maxInboundMessageBytes / 4}), so that coded audio, which
   * Opus expands a thousand-fold and more, takes no more memory than PCM may.
   */
  public long maxDecodedSamples() {
    return maxInboundMessageBytes / Float.BYTES;
  }

  /**
   * Returns the settings the {@code server} section of a configuration gives.
   *
   * @param config the section, with derived values resolved (as {@code ConfigLoader} gives it)
   * @return the settings
   */
  public static ServerSettings of(ServerConfig config) {
    return new ServerSettings(config.maxInboundMessageBytes(), config.inlineMaxNodeSamples(),
        config.maxCallsAwaitingRequest(), config.maxCallsAwaitingRequestPerConnection(),
        Duration.ofMillis(config.requestArrivalTimeoutMs()),
        config.maxRequestBytesInTransit(), config.flowControlWindowBytes());
  }
}
