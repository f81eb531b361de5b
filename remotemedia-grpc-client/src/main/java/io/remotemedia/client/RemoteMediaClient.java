package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs pipelines on a RemoteMedia server. It implements {@link PipelineRunner}, so switching
 * from embedded to remote execution is one line:
 *
 * <pre>{@code
 * // PipelineRunner runner = LocalPipelineRunner.create();
 * PipelineRunner runner = RemoteMediaClient.builder().target("127.0.0.1:50051").build();
 * ExecutionResult result = runner.execute(ExecutionRequest.of(manifest, "in", input));
 * }</pre>
 *
 * <p>A client built from a target owns its channel and {@link #close()} shuts it down. A client
 * made with {@link #forChannel(Channel)} uses the caller's channel, and the caller keeps its
 * lifecycle. Failures are {@link RemoteMediaException}s that carry the gRPC status code and the
 * server's structured detail. A manifest error's {@link RemoteMediaException#location()} has
 * the line and column in the manifest's text when the manifest came from {@code
 * ManifestParser} (which keeps a source map); for a manifest built in code it has the path
 * only. Thread-safe.
 */
public final class RemoteMediaClient implements PipelineRunner, AutoCloseable {
  /** The default deadline of a call. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
  /** The default largest response accepted, in bytes: room for the server's default input. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 128 << 20;
  /**
   * The default interval of keepalive pings on an idle connection. The server permits pings
   * every 20 s or more, so this stays above that.
   */
  public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofSeconds(30);
  /** The default time to wait for a keepalive ping's answer before the connection is dropped. */
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The default time a resumable stream that waits for the server's answer may hear nothing
   * before the SDK takes its connection as broken and resumes it.
   */
  public static final Duration DEFAULT_STREAM_SILENCE_LIMIT = Duration.ofSeconds(10);
  /**
   * The default input size, in bytes on the wire, above which {@link #execute} streams a
   * single-source request: 16 MiB, well under the server's default message limit (62 MiB).
   */
  public static final int DEFAULT_STREAM_ABOVE_BYTES = 16 << 20;
  /** The size of each chunk a streamed execution sends, in bytes on the wire. */
  public static final int STREAM_CHUNK_BYTES = 256 << 10;

  private final Channel channel;
  private final ClientLifecycle lifecycle;
  private final PipelineCalls calls;
  private final ClientStreams streams;

  private RemoteMediaClient(Channel channel, String target, ManagedChannel ownedChannel,
      Duration deadline, int streamAboveBytes, StreamOptions streamOptions) {
    this.channel = channel;
    this.lifecycle = new ClientLifecycle(ownedChannel);
    this.calls = new PipelineCalls(channel, target, deadline, lifecycle);
    this.streams = new ClientStreams(channel, lifecycle, calls, deadline, streamAboveBytes,
        streamOptions);
  }

  /**
   * Starts a client that connects to a target such as {@code host:port}.
   *
   * @return a new builder with no target
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a client over the caller's channel, with the default deadline}
   *
   * @param channel the channel to call through; the caller owns it and shuts it down
   */
  public static RemoteMediaClient forChannel(Channel channel) {
    return new RemoteMediaClient(Objects.requireNonNull(channel, "channel"),
        channel.authority(), null, DEFAULT_DEADLINE, DEFAULT_STREAM_ABOVE_BYTES, new StreamOptions(
            RemoteStreamSession.DEFAULT_PREFETCH, DEFAULT_DEADLINE, false,
            StreamConnectionListener.NONE));
  }

  /** {@return this SDK's user agent, {@code remotemedia-java/<version>}, sent with every call} */
  public static String userAgent() {
    return SdkVersion.userAgent();
  }

  /**
   * Runs {@code request} on the server and waits for the result. A single-source request whose
   * input is larger than the builder's {@link Builder#streamAbove(int) streamAbove} goes
   * through {@link #executeStreamed} instead, so long audio does not run into the message-size
   * limit; the result has the same shape.
   *
   * @throws RemoteMediaException when the server refuses or fails the request, the deadline
   *     passes, the server cannot be reached, or it does not serve this client's protocol
   *     version (PROTOCOL_MISMATCH); CANCELLED if the waiting thread is interrupted
   */
  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    if (streams.isStreamed(request)) {
      return executeStreamed(request);
    }
    return calls.execute(request);
  }

  /**
   * Runs a request whose inputs are partly or wholly coded (G.711, Ogg Opus, Opus packets) and
   * asks for sinks' outputs coded (protocol v1.1). Coded audio is sent as it is, never decoded
   * here: a telephony μ-law stream crosses the network at 8 KB/s instead of 32 KB/s of float.
   *
   * <pre>{@code
   * EncodedExecutionResult out = client.executeEncoded(
   *     new ExecutionRequest(manifest, Map.of(), ExecutionLimits.UNSET),
   *     Map.of("resample", EncodedAudio.oggOpus(Files.readAllBytes(opusFile), 1)),
   *     Map.of("vad", OutputEncoding.of(AudioEncoding.MU_LAW)));
   * }</pre>
   *
   * @param request the manifest, any PCM inputs and the limits
   * @param encodedInputs coded inputs keyed by source node id
   * @param outputEncodings the encoding of each sink's output, keyed by sink id; sinks not
   *     named come back as PCM
   * @return the decoded result and the coded outputs
   * @throws RemoteMediaException as {@link #execute}; INVALID_AUDIO naming the input and
   *     byte offset when coded input is corrupt; VALIDATION naming the key of {@code
   *     outputEncodings} that is not a sink of the manifest (no node, or a node a connection
   *     leaves), and the sinks
   * @throws IllegalArgumentException if a source is given both a PCM input and a coded one
   */
  public EncodedExecutionResult executeEncoded(ExecutionRequest request,
      Map<String, EncodedAudio> encodedInputs, Map<String, OutputEncoding> outputEncodings) {
    return calls.executeEncoded(request, encodedInputs, outputEncodings);
  }

  /**
   * Runs {@code request} on the server without blocking. Always one unary call (no automatic
   * streaming). Cancelling the future cancels the call: the server stops the pipeline and
   * frees its worker.
   *
   * @param request the manifest, the input audio per source and the requested limits
   * @return a future of the result that fails with a {@link RemoteMediaException}
   */
  public CompletableFuture<ExecutionResult> executeAsync(ExecutionRequest request) {
    return calls.executeAsync(request);
  }

  /**
   * Runs a single-source {@code request} through StreamPipeline: the input is sent in chunks of
   * {@value #STREAM_CHUNK_BYTES} bytes, and every sink's chunks and tail are joined into whole
   * buffers. The result equals a unary call's (audio per sink; the data outputs and metrics of
   * the whole session), and no message comes near the size limit. The client's deadline bounds
   * the whole call, from this method's start to the last result, as it bounds a unary call.
   * A stream that a draining server ends is opened again (on another replica, which the
   * channel's round-robin picks) and sent the whole input again, up to 3 attempts in all
   * within the deadline: nothing reaches the caller before the last result.
   *
   * @param request the manifest, the input audio of its one source and the requested limits
   * @return the audio of every sink, the data outputs, and the metrics of the whole session
   * @throws IllegalArgumentException if the request has more than one input
   * @throws RemoteMediaException as {@link #openStream}, or when the stream fails; with
   *     INVALID_ARGUMENT (kind VALIDATION), before any stream opens, when the input is keyed
   *     by something other than the source; INVALID_ARGUMENT (kind INVALID_AUDIO), before any
   *     stream opens, naming the source, when the manifest has another source, which the input
   *     leaves without audio; DEADLINE_EXCEEDED (kind TIMEOUT) naming the
   *     deadline and how many chunks were sent and answered when the deadline passes;
   *     UNAVAILABLE (kind DRAINING) naming the attempts when a drain ended the last one, or the
   *     attempt made again found no server; CANCELLED (kind CANCELLED) when the client is
   *     closed while the call runs, also between two attempts
   * @throws IllegalStateException if the client was closed before the call
   */
  public ExecutionResult executeStreamed(ExecutionRequest request) {
    return streams.executeStreamed(request);
  }

  /**
   * Asks the server to explain {@code request}: order, formats, latencies, memory, admission.
   *
   * @throws RemoteMediaException when the manifest or formats do not fit, or the call fails
   */
  @Override
  public Explanation explain(ExplainRequest request) {
    return calls.explain(request);
  }

  /**
   * Opens a live stream on the server: each {@link PipelineStream#push} sends one chunk and
   * waits for its result, {@link PipelineStream#finish()} returns the tails and the metrics.
   * For sending and receiving on different threads, use {@link #openSession}.
   *
   * @throws RemoteMediaException when the server refuses the manifest or the format, is busy,
   *     or does not open the stream within the client's deadline
   */
  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    return new RemotePipelineStream(openSession(request));
  }

  /**
   * Opens an asynchronous streaming session whose results are read through
   * {@link RemoteStreamSession#results()} or {@link RemoteStreamSession#publisher()}.
   *
   * @param request the manifest, the format of the chunks to come and the requested limits
   * @return the open session; close it, or finish it and consume its results, to free the server's
   *     slot
   * @throws RemoteMediaException as {@link #openStream}
   */
  public RemoteStreamSession openSession(OpenStreamRequest request) {
    return streams.open(request, null);
  }

  /**
   * Opens an asynchronous streaming session whose results go to {@code listener}.
   *
   * @param request the manifest, the format of the chunks to come and the requested limits
   * @param listener receives results, the end and failures, on the channel's executor; not null
   * @return the open session; close it, or finish it, to free the server's slot
   * @throws RemoteMediaException as {@link #openStream}
   */
  public RemoteStreamSession openSession(OpenStreamRequest request, StreamListener listener) {
    return streams.open(request, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the node types the server runs.
   *
   * @throws RemoteMediaException when the call fails
   */
  @Override
  public List<NodeTypeDescription> nodeTypes() {
    return serverInfo().nodeTypes();
  }

  /**
   * Asks the server for its versions, node types and whether it serves this client. It works
   * on a server that does not serve this client, so it reports why.
   *
   * @return the server's protocol and release versions, its node types, and whether it serves this
   *     client (and if not, why)
   * @throws RemoteMediaException when the call fails
   */
  public ServerInfo serverInfo() {
    return calls.serverInfo();
  }

  /** {@return the channel calls go through} */
  public Channel channel() {
    return channel;
  }

  /**
   * Shuts down the channel if this client created it, waiting up to 5 s for calls to finish;
   * a client over a caller's channel leaves it alone. A call on a client closed this way throws
   * {@link IllegalStateException}. Streams still open then are cancelled (a resumable one tells
   * its server to end it rather than keep it for a resume); a call still in flight fails with
   * CANCELLED, saying that its channel was shut down.
   */
  @Override
  public void close() {
    lifecycle.close();
  }

  /** Configures a {@link RemoteMediaClient}. Not thread-safe. */
  public static final class Builder {
    /** The longest time gRPC expresses (Long.MAX_VALUE ns, about 292 years): "never". */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private String target;
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxInboundMessageBytes = DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private String token;
    private String caCertPem;
    private String clientCertPem;
    private String clientKeyPem;
    private List<StaticAddressNameResolverProvider.HostPort> addresses;
    private int streamAboveBytes = DEFAULT_STREAM_ABOVE_BYTES;
    private Executor executor;
    private boolean resumeStreams;
    private StreamConnectionListener streamConnections = StreamConnectionListener.NONE;
    private Duration streamSilenceLimit = DEFAULT_STREAM_SILENCE_LIMIT;

    private Builder() {}

    /**
     * Sends {@code authorization: Bearer <token>} with every call, for a server with
     * authentication on. Use it with {@link #tls(String)} unless the server is on loopback: over
     * plaintext anyone on the path can read the token.
     *
     * @param token the bearer token the server's tokens file holds the hash of; not null
     * @return this builder
     * @throws IllegalArgumentException if the token cannot be sent in a header (the message does
     *     not repeat it)
     */
    public Builder token(String token) {
      // The usual source is System.getenv, which gives null for a variable that is not set.
      this.token = Objects.requireNonNull(token,
          "token is null: no bearer token was given (an environment variable that is not set?)");
      new BearerTokenCredentials(token); // Checks it now rather than at the first call.
      return this;
    }

    /**
     * Connects with TLS, trusting the CA certificates in {@code caCertPem} (PEM text) to sign
     * the server's certificate.
     *
     * @param caCertPem one or more PEM certificates; not null
     * @return this builder
     */
    public Builder tls(String caCertPem) {
      this.caCertPem = Objects.requireNonNull(caCertPem, "caCertPem");
      return this;
    }

    /**
     * Presents this client certificate chain and PKCS#8 key (PEM text) to a server that verifies
     * client certificates (mutual TLS). Needs {@link #tls(String)}.
     *
     * @param certPem the client's certificate chain, PEM; not null
     * @param keyPem the client's PKCS#8 private key, PEM; not null
     * @return this builder
     */
    public Builder mtls(String certPem, String keyPem) {
      this.clientCertPem = Objects.requireNonNull(certPem, "certPem");
      this.clientKeyPem = Objects.requireNonNull(keyPem, "keyPem");
      return this;
    }

    /**
     * The server: {@code host:port} for one server, or any gRPC target, such as {@code
     * dns:///media.internal:50051} for replicas behind one DNS name. Calls are spread
     * round-robin over every address the name resolves to. Replaces {@link #addresses}.
     *
     * @param target a gRPC target; not null
     * @return this builder
     */
    public Builder target(String target) {
      this.target = Objects.requireNonNull(target, "target");
      this.addresses = null;
      return this;
    }

    /**
     * A static list of replicas, each {@code host:port} ({@code [::1]:50051} for IPv6). Calls
     * are spread round-robin over them; a replica that is down or not serving gets none until
     * it is back. Replaces {@link #target}.
     *
     * @param hostPorts the replicas, each {@code host:port}
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or an address is not host:port
     */
    public Builder addresses(String... hostPorts) {
      return addresses(List.of(hostPorts));
    }

    /**
     * As {@link #addresses(String...)}.
     *
     * @param hostPorts the replicas, each {@code host:port}
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or an address is not host:port
     */
    public Builder addresses(List<String> hostPorts) {
      if (hostPorts.isEmpty()) {
        throw new IllegalArgumentException("addresses must name at least one host:port");
      }
      this.addresses = hostPorts.stream()
          .map(StaticAddressNameResolverProvider.HostPort::parse)
          .toList();
      this.target = null;
      return this;
    }

    /**
     * Streams a single-source {@link RemoteMediaClient#execute} whose input is larger than
     * {@code bytes} on the wire (samples x bytes per sample); default {@link
     * #DEFAULT_STREAM_ABOVE_BYTES}. Set it below the server's maximum message size;
     * {@code Integer.MAX_VALUE} never streams.
     *
     * @param bytes the input size above which a call streams, in bytes; at least {@value
     *     #STREAM_CHUNK_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below one stream chunk
     */
    public Builder streamAbove(int bytes) {
      if (bytes < STREAM_CHUNK_BYTES) {
        throw new IllegalArgumentException("streamAbove must be >= " + STREAM_CHUNK_BYTES
            + " (one stream chunk), was " + bytes);
      }
      this.streamAboveBytes = bytes;
      return this;
    }

    /**
     * The deadline of each call; default {@link #DEFAULT_DEADLINE}.
     *
     * @param deadline the time each call may take; positive. One longer than gRPC can express
     *     (about 292 years, such as {@code ChronoUnit.FOREVER.getDuration()}) is that longest
     * @return this builder
     * @throws IllegalArgumentException if the deadline is zero or negative
     */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /**
     * The largest response accepted, in bytes.
     *
     * @param bytes the largest response, in bytes; at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below 1024
     */
    public Builder maxInboundMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxInboundMessageBytes must be >= 1024, was "
            + bytes);
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /**
     * How long the connection may be idle before the client pings the server; default {@link
     * #DEFAULT_KEEP_ALIVE_TIME}. Servers refuse pings more frequent than they permit (the
     * RemoteMedia server's default: every 20 s), so do not go below the server's setting.
     *
     * @param time the idle time before a ping; positive. One longer than gRPC can express
     *     (about 292 years) is that longest, which turns pings off
     * @return this builder
     * @throws IllegalArgumentException if the time is zero or negative
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positive(time, "keepAliveTime");
      return this;
    }

    /**
     * Where the channel runs its callbacks: stream results and {@link StreamListener} methods,
     * and the SDK's own handling of each answer. By default grpc-java's shared cached thread
     * pool, which hands every message to another thread. An executor that runs tasks on the
     * calling thread ({@code Runnable::run}) saves that hand-off (a few microseconds of CPU per
     * message) but then runs listeners on the transport's event loop: use it only when
     * listeners return quickly and never block, and never call a blocking SDK method from one.
     *
     * @param executor runs the channel's callbacks; not null. The caller owns it and shuts it down
     *     after the client
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether streaming sessions survive a broken connection; default false. When true, each
     * session asks the server to keep it ({@code streams.resume_window_ms} on the server) and,
     * when its connection breaks, calls again and carries on without losing or repeating
     * audio (see {@link RemoteStreamSession}). Off by default because a server keeps a
     * resumable session whose client went away (a crash looks like a broken connection) for
     * the whole window, holding one of its stream slots. Resuming reaches the same server only
     * through one address or a proxy with sticky routing; a session resumed on another
     * replica fails with NOT_FOUND.
     *
     * @param resume true to make streaming sessions resumable
     * @return this builder
     */
    public Builder resumeStreams(boolean resume) {
      this.resumeStreams = resume;
      return this;
    }

    /**
     * How long a resumable session that waits for the server's answer (results of the chunks
     * it sent, its {@code closed}, or {@code resumed}) may hear nothing from it before the SDK
     * takes the connection as broken; default {@link #DEFAULT_STREAM_SILENCE_LIMIT}. A replica
     * that stops answering without closing its connections (a frozen process, a host cut off
     * the network) gives no other sign until the connection's keepalive fails (after {@code
     * keepAliveTime} of silence and {@code keepAliveTimeout}), and a call's deadline may pass
     * first: the SDK cancels the silent call, has the channel connect anew (so that calls go to
     * the replicas that answer), and resumes the session (see {@link RemoteStreamSession}).
     * Connecting anew is channel-wide: every replica gets a new connection, which later calls
     * use; calls in flight go on over the old connections, which close once they have ended.
     * Results the consumer has not taken do not count: the server waits for them. Set it above
     * the longest the server may take for one chunk; a session that does not resume is not
     * affected.
     *
     * @param limit the silence after which the connection is taken as broken; positive
     * @return this builder
     * @throws IllegalArgumentException if the limit is zero or negative
     */
    public Builder streamSilenceLimit(Duration limit) {
      this.streamSilenceLimit = positive(limit, "streamSilenceLimit");
      return this;
    }

    /**
     * Hears the connection breaks and resumes of every resumable session of the client;
     * default none.
     *
     * @param listener called on the SDK's listener thread for every break and resume
     * @return this builder
     */
    public Builder streamConnectionListener(StreamConnectionListener listener) {
      this.streamConnections = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long to wait for a ping's answer; default {@link #DEFAULT_KEEP_ALIVE_TIMEOUT}.
     *
     * @param timeout the time a ping may go unanswered before the connection is closed;
     *     positive, at most about 292 years as for {@link #keepAliveTime}
     * @return this builder
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
      return this;
    }

    /** {@return {@code value}, at most {@link #LONGEST}} */
    private static Duration positive(Duration value, String name) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      // Longer ones overflow the nanoseconds the channel and the calls are given.
      return value.compareTo(LONGEST) > 0 ? LONGEST : value;
    }

    /**
     * Creates the client and its channel: plaintext, or TLS after {@link #tls(String)}. The
     * channel spreads calls round-robin over every resolved address, watches each replica's
     * {@code grpc.health.v1} status, and retries unary calls that fail UNAVAILABLE (up to
     * {@value ScaleOutServiceConfig#MAX_ATTEMPTS} attempts, 50 ms to 1 s apart); streams are
     * not retried and no call is hedged. Its user agent is {@link #userAgent()}.
     *
     * @return a new client that owns its channel; close it to shut the channel down
     * @throws IllegalStateException if no target was set, or {@link #mtls} without {@link #tls}
     * @throws IllegalArgumentException if the PEM text cannot be read
     */
    public RemoteMediaClient build() {
      if (target == null && addresses == null) {
        throw new IllegalStateException("target is required, for example \"127.0.0.1:50051\","
            + " or addresses(\"10.0.0.1:50051\", \"10.0.0.2:50051\")");
      }
      if (clientCertPem != null && caCertPem == null) {
        throw new IllegalStateException("mtls(...) needs tls(caCertPem) to verify the server");
      }
      ManagedChannel channel = ClientChannels.create(new ClientChannels.Settings(target,
          addresses, ClientChannels.credentials(caCertPem, clientCertPem, clientKeyPem, token),
          maxInboundMessageBytes, keepAliveTime, keepAliveTimeout, streamAboveBytes, executor));
      String named = addresses == null ? target : String.join(" or ",
          addresses.stream().map(StaticAddressNameResolverProvider.HostPort::toString).toList());
      return new RemoteMediaClient(channel, named, channel, deadline, streamAboveBytes,
          new StreamOptions(RemoteStreamSession.DEFAULT_PREFETCH, deadline, resumeStreams,
              streamConnections, Optional.empty(), streamSilenceLimit, channel::enterIdle));
    }
  }
}
