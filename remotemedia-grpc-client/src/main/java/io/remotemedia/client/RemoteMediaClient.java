package io.remotemedia.client;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.wire.ExecutionWire;
import io.remotemedia.pipeline.wire.ExplainWire;
import io.remotemedia.pipeline.wire.ProtocolVersions;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
 * server's structured detail. Thread-safe.
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

  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final Duration deadline;
  private final PipelineServiceGrpc.PipelineServiceBlockingStub stub;

  private RemoteMediaClient(Channel channel, ManagedChannel ownedChannel, Duration deadline,
      CallCredentials credentials) {
    this.channel = channel;
    this.ownedChannel = ownedChannel;
    this.deadline = deadline;
    PipelineServiceGrpc.PipelineServiceBlockingStub plain =
        PipelineServiceGrpc.newBlockingStub(channel);
    this.stub = credentials == null ? plain : plain.withCallCredentials(credentials);
  }

  /** Starts a client that connects to a target such as {@code host:port}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a client over the caller's channel, with the default deadline. */
  public static RemoteMediaClient forChannel(Channel channel) {
    return new RemoteMediaClient(Objects.requireNonNull(channel, "channel"), null,
        DEFAULT_DEADLINE, null);
  }

  /**
   * Runs {@code request} on the server and waits for the result.
   *
   * @throws RemoteMediaException when the server refuses or fails the request, the deadline
   *     passes, or the server cannot be reached
   */
  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    try {
      return ExecutionWire.fromProto(withDeadline().executePipeline(
          ExecutionWire.toProto(request, ProtocolVersions.CURRENT)));
    } catch (StatusRuntimeException e) {
      throw StatusTranslator.translate(e);
    }
  }

  /**
   * Asks the server to explain {@code request}: order, formats, latencies, memory, admission.
   *
   * @throws RemoteMediaException when the manifest or formats do not fit, or the call fails
   */
  @Override
  public Explanation explain(ExplainRequest request) {
    try {
      return ExplainWire.fromProto(withDeadline().explainPipeline(
          ExplainWire.toProto(request, ProtocolVersions.CURRENT)));
    } catch (StatusRuntimeException e) {
      throw StatusTranslator.translate(e);
    }
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
   * @throws RemoteMediaException as {@link #openStream}
   */
  public RemoteStreamSession openSession(OpenStreamRequest request) {
    return RemoteStreamSession.open(channel, request, null,
        RemoteStreamSession.DEFAULT_PREFETCH, deadline);
  }

  /**
   * Opens an asynchronous streaming session whose results go to {@code listener}.
   *
   * @throws RemoteMediaException as {@link #openStream}
   */
  public RemoteStreamSession openSession(OpenStreamRequest request, StreamListener listener) {
    return RemoteStreamSession.open(channel, request, Objects.requireNonNull(listener,
        "listener"), RemoteStreamSession.DEFAULT_PREFETCH, deadline);
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
   * Asks the server for its versions, node types and whether it serves this client.
   *
   * @throws RemoteMediaException when the call fails
   */
  public ServerInfo serverInfo() {
    VersionResponse response;
    try {
      response = withDeadline().getVersion(VersionRequest.newBuilder()
          .setClientProtocolVersion(ProtocolVersions.CURRENT)
          .build());
    } catch (StatusRuntimeException e) {
      throw StatusTranslator.translate(e);
    }
    return new ServerInfo(response.getProtocolVersion(), response.getServerVersion(),
        response.getSupportedProtocolVersionsList(),
        response.getNodeTypesList().stream().map(ExecutionWire::fromProto).toList(),
        response.getCompatibility() == Compatibility.COMPATIBILITY_COMPATIBLE,
        response.getCompatibilityReason());
  }

  /** Returns the channel calls go through. */
  public Channel channel() {
    return channel;
  }

  /**
   * Shuts down the channel if this client created it, waiting up to 5 s for calls to finish;
   * a client over a caller's channel leaves it alone.
   */
  @Override
  public void close() {
    if (ownedChannel == null) {
      return;
    }
    ownedChannel.shutdown();
    try {
      if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
        ownedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      ownedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private PipelineServiceGrpc.PipelineServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Configures a {@link RemoteMediaClient}. Not thread-safe. */
  public static final class Builder {
    private String target;
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxInboundMessageBytes = DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private String token;
    private String caCertPem;
    private String clientCertPem;
    private String clientKeyPem;

    private Builder() {}

    /**
     * Sends {@code authorization: Bearer <token>} with every call, for a server with
     * authentication on. Use it with {@link #tls(String)} unless the server is on loopback: over
     * plaintext anyone on the path can read the token.
     */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      new BearerTokenCredentials(token); // Checks it now rather than at the first call.
      return this;
    }

    /**
     * Connects with TLS, trusting the CA certificates in {@code caCertPem} (PEM text) to sign
     * the server's certificate.
     */
    public Builder tls(String caCertPem) {
      this.caCertPem = Objects.requireNonNull(caCertPem, "caCertPem");
      return this;
    }

    /**
     * Presents this client certificate chain and PKCS#8 key (PEM text) to a server that verifies
     * client certificates (mutual TLS). Needs {@link #tls(String)}.
     */
    public Builder mtls(String certPem, String keyPem) {
      this.clientCertPem = Objects.requireNonNull(certPem, "certPem");
      this.clientKeyPem = Objects.requireNonNull(keyPem, "keyPem");
      return this;
    }

    /** The server, as {@code host:port} or any gRPC target such as {@code dns:///name:port}. */
    public Builder target(String target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** The deadline of each call; default {@link #DEFAULT_DEADLINE}. */
    public Builder deadline(Duration deadline) {
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /** The largest response accepted, in bytes. */
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
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positive(time, "keepAliveTime");
      return this;
    }

    /** How long to wait for a ping's answer; default {@link #DEFAULT_KEEP_ALIVE_TIMEOUT}. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
      return this;
    }

    private static Duration positive(Duration value, String name) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    /**
     * Creates the client and its channel: plaintext, or TLS after {@link #tls(String)}.
     *
     * @throws IllegalStateException if no target was set, or {@link #mtls} without {@link #tls}
     * @throws IllegalArgumentException if the PEM text cannot be read
     */
    public RemoteMediaClient build() {
      if (target == null) {
        throw new IllegalStateException("target is required, for example \"127.0.0.1:50051\"");
      }
      if (clientCertPem != null && caCertPem == null) {
        throw new IllegalStateException("mtls(...) needs tls(caCertPem) to verify the server");
      }
      ManagedChannel channel = NettyChannelBuilder.forTarget(target, channelCredentials())
          .maxInboundMessageSize(maxInboundMessageBytes)
          .keepAliveTime(keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTimeout(keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .userAgent("remotemedia-java/" + ProtocolVersions.CURRENT)
          .build();
      return new RemoteMediaClient(channel, channel, deadline,
          token == null ? null : new BearerTokenCredentials(token));
    }

    private ChannelCredentials channelCredentials() {
      if (caCertPem == null) {
        return InsecureChannelCredentials.create();
      }
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
            .trustManager(pem(caCertPem));
        if (clientCertPem != null) {
          tls.keyManager(pem(clientCertPem), pem(clientKeyPem));
        }
        return tls.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot read the TLS PEM text: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS PEM text", e);
      }
    }

    private static ByteArrayInputStream pem(String text) {
      return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
  }
}
