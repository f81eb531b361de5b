package io.remotemedia.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.internal.ReleaseVersion;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.server.internal.health.CallsPerConnection;
import io.remotemedia.server.internal.health.ServingHealth;
import io.remotemedia.server.lifecycle.DrainListener;
import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.internal.logging.AccessLogInterceptor;
import io.remotemedia.server.internal.logging.StructuredMessage;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.quota.ClientQuotas;
import io.remotemedia.server.quota.UsageListener;
import io.remotemedia.server.internal.transport.AliasingMarshaller;
import io.remotemedia.server.internal.transport.ClientMistakeLogs;
import io.remotemedia.server.internal.transport.ExecutionObserver;
import io.remotemedia.server.internal.transport.GrpcTimeoutHeader;
import io.remotemedia.server.internal.transport.PipelineGrpcService;
import io.remotemedia.server.internal.transport.UncountedMemory;
import io.remotemedia.server.internal.transport.PipelineCallsInFlight;
import io.remotemedia.server.internal.transport.RequestArrival;
import io.remotemedia.server.internal.transport.InlineExecution;
import io.remotemedia.server.internal.transport.StreamActivityListener;
import io.remotemedia.server.internal.transport.StreamPipelineHandler;
import io.remotemedia.server.internal.transport.StreamRegistry;
import io.remotemedia.server.internal.transport.UnknownMethods;
import io.remotemedia.server.internal.transport.UnopenedStreamsPerConnection;
import io.remotemedia.server.internal.transport.CallBuffers;
import io.remotemedia.server.internal.transport.StreamOutcome;
import io.remotemedia.server.internal.transport.WorkerPool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RemoteMedia gRPC server around a {@link PipelineRunner}.
 *
 * <pre>{@code
 * LocalPipelineRunner runner = LocalPipelineRunner.builder()
 *     .maxConcurrent(8).maxQueued(32).maxStreams(1500) // the server's whole capacity
 *     .build();
 * RemoteMediaServer server = new RemoteMediaServer(
 *     NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 50051)),
 *     runner, ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
 * server.start();
 * server.awaitTermination();
 * }</pre>
 *
 * <p>It takes a {@link ServerBuilder} so that tests and embedders pick the transport; on a
 * {@code NettyServerBuilder} it sets each call's receive window
 * ({@link ServerSettings#flowControlWindowBytes()}). Pipeline
 * work runs on named worker threads; handlers run on the transport's threads only long enough
 * to hand the work over, except small PCM requests to the server jar's own runner
 * ({@link ServerSettings#inlineMaxNodeSamples()}), which run there when a slot is free. The
 * runner's admission control is the server's only capacity check: what it refuses as BUSY
 * reaches the client as {@code RESOURCE_EXHAUSTED}. Besides the pipeline service it serves
 * {@code grpc.health.v1.Health} and server reflection ({@code grpc.reflection.v1} and {@code
 * v1alpha}), writes one access line per call, and records metrics when {@link Observability}
 * has them. {@link #drain(DrainSettings)} is the graceful shutdown. Thread-safe.
 */
public final class RemoteMediaServer {
  private static final Logger log = LogManager.getLogger(RemoteMediaServer.class);
  /**
   * The largest request header list accepted, in bytes (HPACK-decoded names and values, plus
   * 32 per header): grpc-java's own default, set here on purpose. Our requests carry a bearer
   * token of under 100 bytes, a request id and grpc's own headers, so 8 KiB is ample, and it is
   * what grpc-java and grpc-js clients accept in return. Past it the client gets HTTP 431;
   * past 1.25 times it Netty closes the connection (docs/protocol.md).
   */
  static final int MAX_INBOUND_METADATA_BYTES = 8 * 1024;
  /**
   * How long the drain waits, after the grace period, for the streams it ended with DRAINING
   * to send their status and for the connections to close, before it cancels what is left.
   */
  public static final long STREAM_END_MS = 3_000;

  private final Server server;
  private final WorkerPool workers;
  private final ServingHealth health =
      new ServingHealth(List.of(PipelineServiceGrpc.SERVICE_NAME));
  private final List<DrainListener> drainListeners = new CopyOnWriteArrayList<>();
  private final StreamRegistry streams = new StreamRegistry();
  private final RequestArrival arrival;

  /**
   * Builds the server with the default {@link Observability} (access log, no metrics) and the
   * default stream timeouts; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings the request size limit
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings) {
    this(builder, runner, settings, Observability.defaults(), StreamSettings.defaults());
  }

  /**
   * Builds the server; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings the request size limit
   * @param observability metrics and the access log's client names
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings, Observability observability) {
    this(builder, runner, settings, observability, StreamSettings.defaults());
  }

  /**
   * Builds the server with the default {@link Observability}; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings the request size limit
   * @param streamSettings idle timeout and maximum duration of StreamPipeline sessions
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings, StreamSettings streamSettings) {
    this(builder, runner, settings, Observability.defaults(), streamSettings);
  }

  /**
   * Builds the server; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings the request size limit
   * @param observability metrics and the access log's client names
   * @param streamSettings idle timeout and maximum duration of StreamPipeline sessions
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings, Observability observability, StreamSettings streamSettings) {
    Objects.requireNonNull(runner, "runner");
    this.workers = new WorkerPool("remotemedia-worker-");
    AccessLogInterceptor accessLog = new AccessLogInterceptor(observability.clientNames());
    List<ExecutionObserver> observers = new ArrayList<>(List.of(accessLog));
    observability.metrics().ifPresent(observers::add);
    // Usage is measured even without quotas: it feeds the access log and the client_* metrics.
    ServerInterceptor quotas = observability.quotas().orElseGet(ClientQuotas::unlimited)
        .interceptor(observability.clientNames(), observability.metrics()
            .map(ServerMetrics::usageListener).orElse(UsageListener.NONE));
    // A client may keep as many sessions for a resume as it may have streams open. Sessions
    // name an unauthenticated client "", the quotas "anonymous".
    observability.quotas().ifPresent(clientQuotas -> streams.limitKeptPerClient(
        client -> clientQuotas.policy().limitsFor(client.isEmpty()
            ? ClientNameLookup.ANONYMOUS : client).openStreams()));
    ClientMistakeLogs.keepOffStderr();
    BufferMemory memory = memoryOf(runner);
    PipelineCallsInFlight pipelineCalls = new PipelineCallsInFlight();
    CallsPerConnection auxiliaryCalls = new CallsPerConnection(CallsPerConnection.DEFAULT_MAX);
    UnopenedStreamsPerConnection unopenedStreams =
        new UnopenedStreamsPerConnection(UnopenedStreamsPerConnection.DEFAULT_MAX);
    this.arrival = RequestArrival.on(settings.maxCallsAwaitingRequest(),
        settings.maxCallsAwaitingRequestPerConnection(), settings.requestArrivalTimeout(),
        streams, settings.maxRequestBytesInTransit());
    observability.metrics().ifPresent(metrics -> metrics.bindRequestArrival(arrival));
    if (builder instanceof NettyServerBuilder netty) {
      // Fixed, so not tuned up to 8 MiB: a stream's unread chunks stay within the window its
      // session reserves in the memory bound (StreamPipelineHandler).
      netty.flowControlWindow(settings.flowControlWindowBytes());
    }
    builder
        // Handlers only hand work to the worker pool, so they run where the call arrives.
        .directExecutor()
        // Interceptors learn the status the transport ended a stream with (StreamOutcome).
        .addStreamTracerFactory(StreamOutcome.factory())
        // A grpc-timeout that does not parse is refused by its interceptor, below, not reset.
        .addStreamTracerFactory(GrpcTimeoutHeader.tracerFactory())
        // Requests parsed from Netty's buffers hold them until the stream closes, at the latest.
        .addStreamTracerFactory(CallBuffers.factory())
        // Small requests run on the transport thread only while they are alone on the server.
        .addStreamTracerFactory(pipelineCalls)
        // A unary request whose bytes keep coming is not cut by request_arrival_timeout_ms, and
        // its bytes count towards server.max_request_bytes_in_transit as they come.
        .addStreamTracerFactory(arrival.inboundBytes())
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        .maxInboundMetadataSize(MAX_INBOUND_METADATA_BYTES)
        // A stream call costs heap before its open takes a stream slot: bound those waiting.
        .addTransportFilter(unopenedStreams.filter())
        // One connection may hold a share of the calls awaiting their request, not all.
        .addTransportFilter(arrival.connectionFilter())
        .addService(ServerInterceptors.intercept(AliasingMarshaller.forRequestsOf(
            new PipelineGrpcService(runner, workers,
                ReleaseVersion.current(), ExecutionObserver.all(observers),
                inlineExecution(runner, settings.inlineMaxNodeSamples(), pipelineCalls, streams),
                new StreamPipelineHandler(runner, workers, streams, streamSettings,
                    settings.maxDecodedSamples(), memory, settings.flowControlWindowBytes()),
                settings.maxDecodedSamples(),
                memory).bindService(),
            settings.maxInboundMessageBytes()), unopenedStreams))
        // Their requests are parsed as ours are: bytes that are not a message get
        // INVALID_ARGUMENT, not UNKNOWN and an ERROR with a stack trace in the server's log.
        // No quota counts them and health needs no token: each connection may have a few.
        .addTransportFilter(auxiliaryCalls.filter())
        .addService(ServerInterceptors.intercept(AliasingMarshaller.forRequestsOf(
            health.service().bindService(), settings.maxInboundMessageBytes()), auxiliaryCalls))
        .addService(ServerInterceptors.intercept(AliasingMarshaller.forRequestsOf(
            ProtoReflectionServiceV1.newInstance().bindService(),
            settings.maxInboundMessageBytes()), auxiliaryCalls))
        // Many tools (grpcurl before 1.9, Postman, older grpc_cli) still ask v1alpha first.
        .addService(ServerInterceptors.intercept(AliasingMarshaller.forRequestsOf(
            reflectionV1alpha().bindService(), settings.maxInboundMessageBytes()),
            auxiliaryCalls))
        // A path no service has is answered past the interceptors too: counted and logged.
        .fallbackHandlerRegistry(new UnknownMethods())
        // The interceptor added last runs first: metrics see every call, authentication
        // refuses before the access log, the access log sees the client's name, and the
        // quotas and the bound on calls awaiting their request, inside it, have their
        // refusals logged, as has the refusal of a malformed grpc-timeout, innermost.
        .intercept(GrpcTimeoutHeader.interceptor())
        .intercept(arrival)
        .intercept(quotas)
        .intercept(accessLog);
    observability.metrics().ifPresent(metrics ->
        builder.intercept(metrics.clientInterceptor(observability.clientNames())));
    observability.authentication().ifPresent(builder::intercept);
    observability.metrics().ifPresent(metrics -> {
      builder.intercept(metrics.interceptor()).addTransportFilter(metrics.connectionFilter());
      streams.listen(new StreamActivityListener() {
        @Override
        public void opened() {
          metrics.streamOpened();
        }

        @Override
        public void closed() {
          metrics.streamClosed();
        }

        @Override
        public void chunk() {
          metrics.recordStreamChunk();
        }

        @Override
        public void dropped() {
          metrics.recordDroppedChunk();
        }

        @Override
        public void concealed(long packets) {
          metrics.concealedPackets(packets);
        }

        @Override
        public void kept() {
          metrics.streamKept();
        }

        @Override
        public void unkept() {
          metrics.streamUnkept();
        }

        @Override
        public void resumed(long replayedBytes) {
          metrics.recordStreamResumed(replayedBytes);
        }

        @Override
        public void expired() {
          metrics.recordStreamExpired();
        }
      });
    });
    this.server = builder.build();
  }

  /**
   * Small requests run on the transport thread only with the server jar's own runner, whose
   * node types are the built-in ones, none of which blocks. Another runner's node types might
   * block a transport thread, so its requests always run on a worker. A request is alone when
   * no other ExecutePipeline call is in flight and no stream is open (their chunks would wait
   * behind it on the transport thread).
   */
  private static InlineExecution inlineExecution(PipelineRunner runner, long maxNodeSamples,
      PipelineCallsInFlight pipelineCalls, StreamRegistry streams) {
    return runner instanceof ReloadableRunner own
        ? InlineExecution.upTo(maxNodeSamples, own::tryExecute,
            () -> pipelineCalls.count() <= 1 && streams.openCount() == 0)
        : InlineExecution.OFF;
  }

  /**
   * The runner's memory bound, in which what the transport keeps (unary responses, resumable
   * streams' results) counts too, when the server knows it.
   */
  private static BufferMemory memoryOf(PipelineRunner runner) {
    if (runner instanceof ReloadableRunner own) {
      return own.current().memory();
    }
    if (runner instanceof LocalPipelineRunner local) {
      return local.memory();
    }
    return UncountedMemory.INSTANCE;
  }

  @SuppressWarnings("deprecation") // v1alpha is deprecated upstream, and still asked for.
  private static io.grpc.BindableService reflectionV1alpha() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  /**
   * Starts listening and reports SERVING.
   *
   * @return this server, now listening
   * @throws IOException if the port cannot be bound
   */
  public RemoteMediaServer start() throws IOException {
    server.start();
    health.serving();
    return this;
  }

  /**
   * {@return whether health reports SERVING now: from {@link #start} until {@link #drain}
   * begins} The metrics port's readiness path answers from it.
   */
  public boolean isServing() {
    return health.isServing();
  }

  /**
   * Adds a listener told when {@link #drain} stops accepting calls (streams use it).
   *
   * @param listener told once, when {@link #drain} stops accepting calls; not null
   */
  public void addDrainListener(DrainListener listener) {
    drainListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The graceful shutdown, logged step by step (events {@code drain.not_serving}, {@code
   * drain.refusing}, then {@code drain.done} or {@code drain.forced}):
   *
   * <ol>
   *   <li>health turns NOT_SERVING and the server waits {@link DrainSettings#preStopDelay()}
   *       while still serving;
   *   <li>it stops accepting calls: each connection gets a GOAWAY, new calls fail with
   *       UNAVAILABLE, open streams get {@code draining} with the grace period as their
   *       deadline, and the {@link DrainListener}s are told;
   *   <li>in-flight calls finish within {@link DrainSettings#grace()}. The server has
   *       terminated only when every response has been written and every connection closed:
   *       a connection closes after its last stream, once the client has closed its side or
   *       after a short linger (the transport's, 2 s for Netty), so that the last bytes reach
   *       the client instead of a TCP reset;
   *   <li>if the grace period runs out, the open streams end with UNAVAILABLE and an {@code
   *       ErrorDetail} of type DRAINING (reopen elsewhere), and whatever is still running after
   *       {@link #STREAM_END_MS} more is cancelled.
   * </ol>
   *
   * <p>Returns when the server has terminated. Restores the interrupt flag if interrupted,
   * after forcing the stop.
   *
   * @param settings the pre-stop delay and the grace period
   */
  public void drain(DrainSettings settings) {
    health.draining();
    long graceMs = settings.grace().toMillis();
    log.info(StructuredMessage.of("drain.not_serving", "draining: health is NOT_SERVING;"
            + " waiting " + settings.preStopDelay().toMillis() + " ms before refusing calls")
        .with("pre_stop_delay_ms", settings.preStopDelay().toMillis()));
    try {
      Thread.sleep(settings.preStopDelay().toMillis());
      server.shutdown();
      int told = streams.drainAll(graceMs);
      // Calls whose request has stopped coming have done no work: their clients retry
      // elsewhere soon, rather than hold the drain until their timeout or the grace period.
      arrival.drain();
      log.info(StructuredMessage.of("drain.refusing", "draining: refusing new calls; in-flight"
              + " calls have up to " + graceMs + " ms; " + told + " open streams told to"
              + " finish")
          .with("grace_ms", graceMs)
          .with("open_streams", told));
      drainListeners.forEach(DrainListener::draining);
      if (server.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
        AccessLogInterceptor.flushWaitingLines();
        log.info(StructuredMessage.of("drain.done", "draining: all calls finished and every"
            + " connection closed"));
      } else {
        int ended = streams.endAllDraining(graceMs);
        log.warn(StructuredMessage.of("drain.forced", "draining: calls still running after the "
                + graceMs + " ms grace period; ended " + ended + " open streams with"
                + " UNAVAILABLE (draining), cancelling what is left after " + STREAM_END_MS
                + " ms")
            .with("grace_ms", graceMs)
            .with("streams_ended", ended));
        if (!server.awaitTermination(STREAM_END_MS, TimeUnit.MILLISECONDS)) {
          server.shutdownNow();
          server.awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      log.warn(StructuredMessage.of("drain.interrupted", "draining interrupted; cancelling"
          + " calls"));
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdownNow();
      streams.shutdown();
      AccessLogInterceptor.flushWaitingLines();
    }
  }

  /** {@return the port the server listens on (useful with port 0), or -1 before start} */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, lets in-flight calls finish for up to {@code grace}, then cancels
   * what is left: {@link #drain} without a pre-stop delay. Restores the interrupt flag if
   * interrupted while waiting.
   *
   * @param grace how long in-flight calls may run after the server stops accepting calls
   */
  public void shutdown(Duration grace) {
    drain(new DrainSettings(Duration.ZERO, grace));
  }

  /**
   * Blocks until the server has terminated, then writes the access lines of its last calls.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
    AccessLogInterceptor.flushWaitingLines();
  }

  /**
   * {@return the open StreamPipeline sessions; the drain sequence tells them to finish with
   * {@link StreamRegistry#drainAll(long)} and ends the rest with {@link
   * StreamRegistry#endAllDraining(long)}}
   */
  StreamRegistry streams() {
    return streams;
  }

  /** {@return how many StreamPipeline sessions are open now} */
  public int openStreamCount() {
    return streams.openCount();
  }
}
