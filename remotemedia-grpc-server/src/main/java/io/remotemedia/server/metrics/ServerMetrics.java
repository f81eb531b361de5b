package io.remotemedia.server.metrics;

import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.Capacity;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.server.internal.netty.ConnectionErrors;
import io.remotemedia.server.internal.netty.ConnectionLimit;
import io.remotemedia.server.internal.transport.ExecutionObserver;
import io.remotemedia.server.internal.transport.RequestArrival;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.quota.UsageListener;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, registered on a registry the caller owns (never the default
 * one, so two servers in one JVM, or a test, never collide):
 *
 * <pre>{@code
 * CollectorRegistry registry = new CollectorRegistry();
 * ServerMetrics metrics = ServerMetrics.register(registry);
 * server = new RemoteMediaServer(builder, runner, settings, Observability.withMetrics(metrics));
 * try (MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 9090, registry)) { ... }
 * }</pre>
 *
 * <p>As an {@link ExecutionObserver} it records pipeline, node, audio and error figures; {@link
 * #interceptor()} records every RPC; {@link #connectionFilter()} counts connections. Names that
 * the RemoteMedia service already used keep their names, so existing dashboards work. Thread-safe.
 */
public final class ServerMetrics implements ExecutionObserver {
  private static final double[] CALL_BUCKETS_SECONDS =
      {.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};
  private static final double[] NODE_BUCKETS_SECONDS =
      {.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5};

  private final CollectorRegistry registry;
  final Counter clientRequests;
  final Counter requests;
  final Histogram requestDuration;
  final Gauge activeCalls;
  final Gauge activeConnections;
  private final Gauge activeStreams;
  private final Gauge maxOpenStreams;
  final Counter clientAudioSeconds;
  /**
   * The {@code client_audio_seconds_processed_total} child of each client, looked up once: a
   * stream charges every chunk, and {@code labels(client)} hashes a new label list each time.
   * Emptied when {@link #retainClients} drops series.
   */
  private final ConcurrentHashMap<String, Counter.Child> clientAudioChildren =
      new ConcurrentHashMap<>();
  final Counter clientStreamSeconds;
  final Counter clientQuotaRefusals;
  private final Histogram pipelineDuration;
  private final Histogram nodeDuration;
  private final Counter audioBytes;
  private final Counter audioSeconds;
  private final Counter errors;
  private final Counter rejections;
  private final Counter authFailures;
  private final Counter authThrottled;
  private final Counter authPeerBlocks;
  private final Counter streamChunks;
  private final Counter droppedChunks;
  private final Counter opusConcealed;
  private final Gauge keptStreams;
  private final Counter streamResumes;
  private final Counter expiredStreams;
  private final Counter replayedBytes;

  private ServerMetrics(CollectorRegistry registry) {
    this.registry = registry;
    clientRequests = Counter.build("client_requests_total", "gRPC calls that passed"
        + " authentication, by client name (from the tokens file) and method.")
        .labelNames("client", "method").register(registry);
    requests = Counter.build("grpc_requests_total", "gRPC calls finished, by method and status"
        + " code.").labelNames("method", "code").register(registry);
    requestDuration = Histogram.build("grpc_request_duration_seconds", "Time from call start"
        + " to close, by method.").labelNames("method").buckets(CALL_BUCKETS_SECONDS)
        .register(registry);
    activeCalls = Gauge.build("active_calls", "gRPC calls in progress.").register(registry);
    activeStreams = Gauge.build("active_streams", "Audio streaming sessions in progress.")
        .register(registry);
    maxOpenStreams = Gauge.build("max_open_streams", "Streams that may be open at once; one"
        + " more is refused with RESOURCE_EXHAUSTED.").register(registry);
    clientAudioSeconds = Counter.build("client_audio_seconds_processed_total", "Input audio"
        + " admitted for processing (ExecutePipeline inputs and StreamPipeline chunks), in"
        + " seconds, by client name.").labelNames("client").register(registry);
    clientStreamSeconds = Counter.build("client_stream_seconds_total", "Time StreamPipeline"
        + " calls were open, in seconds, by client name; counted when each stream ends.")
        .labelNames("client").register(registry);
    clientQuotaRefusals = Counter.build("client_quota_refusals_total", "Calls refused because"
        + " they would pass their client's quota, by client name and quota.")
        .labelNames("client", "quota").register(registry);
    activeConnections = Gauge.build("active_connections", "Open client connections (HTTP/2"
        + " transports).").register(registry);
    pipelineDuration = Histogram.build("pipeline_duration_seconds", "Wall time of successful"
        + " pipeline executions.").buckets(CALL_BUCKETS_SECONDS).register(registry);
    nodeDuration = Histogram.build("node_execution_duration_seconds", "Wall time spent in one"
        + " node during one execution, by node type.").labelNames("node_type")
        .buckets(NODE_BUCKETS_SECONDS).register(registry);
    audioBytes = Counter.build("audio_bytes_processed_total", "Input audio bytes of successful"
        + " executions, at the wire sample format.").register(registry);
    audioSeconds = Counter.build("audio_seconds_processed_total", "Input audio duration of"
        + " successful executions, in seconds.").register(registry);
    errors = Counter.build("errors_total", "Failed calls, by error type (ErrorKind in lower"
        + " case).").labelNames("type").register(registry);
    rejections = Counter.build("worker_rejections_total", "Calls of any method refused for"
        + " capacity (BUSY): execution slots and queue full, stream slots full, pipeline memory"
        + " held by other calls. Equals errors_total of type busy; a server shutting down"
        + " refuses as draining.")
        .register(registry);
    authFailures = Counter.build("auth_failures_total", "Calls refused for missing or wrong"
        + " credentials.").register(registry);
    authThrottled = Counter.build("auth_throttled_total", "Calls refused unchecked because"
        + " their client address had too many authentication failures.").register(registry);
    authPeerBlocks = Counter.build("auth_peer_blocks_total", "Times a client address was"
        + " blocked after too many authentication failures.").register(registry);
    streamChunks = Counter.build("stream_chunks_total", "Audio chunks received on streams.")
        .register(registry);
    // The server never drops a chunk to keep up (it stops reading instead); these are chunks
    // that arrived for a session that had already been cancelled.
    droppedChunks = Counter.build("stream_dropped_chunks_total", "Audio chunks not processed"
        + " because their stream had been cancelled.").register(registry);
    opusConcealed = Counter.build("opus_packets_concealed_total", "Lost Opus packets (length 0"
        + " in packet_lengths) replaced by packet loss concealment in decoded input.")
        .register(registry);
    keptStreams = Gauge.build("stream_sessions_kept", "Resumable stream sessions whose"
        + " connection broke, kept for streams.resume_window_ms (also in active_streams).")
        .register(registry);
    streamResumes = Counter.build("stream_resumes_total", "Stream sessions resumed on a new"
        + " call after their connection broke.").register(registry);
    expiredStreams = Counter.build("stream_resume_expired_total", "Kept stream sessions"
        + " ended because their resume window passed.").register(registry);
    replayedBytes = Counter.build("stream_replayed_bytes_total", "Bytes of results sent again"
        + " to resumed stream sessions (encoded messages).").register(registry);
    for (ErrorKind kind : ErrorKind.values()) {
      errors.labels(label(kind)); // every type shows from the start, at 0
    }
  }

  /**
   * Defines the metrics on {@code registry}, together with the JVM's (memory, GC, threads,
   * classes, process).
   *
   * @param registry the registry to define the metrics on
   * @return the metrics, to be recorded by the server
   * @throws IllegalArgumentException if {@code registry} already has metrics of these names
   */
  public static ServerMetrics register(CollectorRegistry registry) {
    ServerMetrics metrics = new ServerMetrics(registry);
    DefaultExports.register(registry);
    new DesignCacheCollector().register(registry);
    new MemoryLimitCollector().register(registry);
    return metrics;
  }

  /** {@return the interceptor that counts and times every call; register it outermost} */
  public ServerInterceptor interceptor() {
    return new MetricsInterceptor(this);
  }

  /**
   * {@return the interceptor that counts calls by client; place it inside authentication so
   * that {@code clientNames} knows the caller}
   *
   * @param clientNames names the caller of the current call
   */
  public ServerInterceptor clientInterceptor(ClientNameLookup clientNames) {
    return new ClientCallsInterceptor(this, clientNames);
  }

  /**
   * Returns the listener that counts each client's usage and quota refusals ({@code
   * client_audio_seconds_processed_total}, {@code client_stream_seconds_total}, {@code
   * client_quota_refusals_total}); give it to the quota interceptor.
   *
   * @return a new listener that records into this registry; thread-safe
   */
  public UsageListener usageListener() {
    return new ClientUsageMetrics(this);
  }

  /**
   * Makes the per-client series follow the tokens file: every client in {@code names} is
   * exported from now on (at 0 until it does something), and the series of clients no longer
   * in it are dropped, so that the {@code client} label stays bounded by the file (plus {@code
   * anonymous}). Call it with the names at startup and after each tokens reload.
   *
   * @param names the client names of the tokens file now
   */
  public void retainClients(Collection<String> names) {
    Set<String> keep = new HashSet<>(names);
    keep.add(ClientNameLookup.ANONYMOUS);
    for (Counter counter : List.of(clientRequests, clientAudioSeconds, clientStreamSeconds,
        clientQuotaRefusals)) {
      for (Collector.MetricFamilySamples family : counter.collect()) {
        for (Collector.MetricFamilySamples.Sample sample : family.samples) {
          // The client is the first label of every client_* metric.
          if (!keep.contains(sample.labelValues.get(0))) {
            counter.remove(sample.labelValues.toArray(String[]::new));
          }
        }
      }
    }
    // A cached child of a dropped series would count where nobody sees it.
    clientAudioChildren.clear();
    for (String name : names) {
      clientAudioSeconds.labels(name);
      clientStreamSeconds.labels(name);
    }
  }

  /** {@return the {@code client_audio_seconds_processed_total} series of {@code client}} */
  Counter.Child clientAudioSeconds(String client) {
    return clientAudioChildren.computeIfAbsent(client, clientAudioSeconds::labels);
  }

  /**
   * Exports the open-stream limit ({@code max_open_streams}) beside {@code active_streams}, so
   * that a stream count near the limit can be alerted on.
   *
   * @param maxOpen the streams the runner lets be open at once
   */
  public void recordStreamLimit(int maxOpen) {
    maxOpenStreams.set(maxOpen);
  }

  /** {@return the transport filter that keeps {@code active_connections}} */
  public ServerTransportFilter connectionFilter() {
    return new ConnectionCountingFilter(activeConnections);
  }

  /**
   * Exports the runner's admission of executions, which is the server's capacity: slots in use
   * ({@code worker_active_threads}), callers waiting ({@code worker_queue_depth}) and how many
   * may wait ({@code worker_queue_capacity}). Pass {@code LocalPipelineRunner.admission()}.
   * Call once per registry.
   *
   * @param admission the runner's admission controller of unary executions
   * @throws IllegalArgumentException if an admission controller was already bound
   */
  public void bindAdmission(Capacity admission) {
    new AdmissionCollector(admission).register(registry);
  }

  /**
   * Exports the calls waiting for their first message ({@code calls_awaiting_request}), their
   * bound, and the calls it refused and timed out. Call once per registry.
   *
   * @param arrival the server's bound on calls awaiting their request
   * @throws IllegalArgumentException if a bound was already bound
   */
  public void bindRequestArrival(RequestArrival arrival) {
    new RequestArrivalCollector(arrival).register(registry);
  }

  /**
   * Exports the pipeline buffers all calls hold ({@code pipeline_memory_used_bytes}) and their
   * bound ({@code pipeline_memory_limit_bytes}). Pass {@code LocalPipelineRunner.memory()}.
   * Call once per registry.
   *
   * @param memory the runner's buffer memory
   * @throws IllegalArgumentException if a runner's memory was already bound
   */
  public void bindMemory(BufferMemory memory) {
    new BufferMemoryCollector(memory).register(registry);
  }

  /**
   * Exports the open, refused and maximum connections of the transport's cap. Call once per
   * registry.
   *
   * @param limit the connection cap to export
   * @throws IllegalArgumentException if a cap was already bound
   */
  public void bindConnectionLimit(ConnectionLimit limit) {
    new ConnectionLimitCollector(limit).register(registry);
  }

  /**
   * Exports the connections the transport ended with GOAWAY and an HTTP/2 error code, by code
   * ({@code http2_connection_errors_total}). Call once per registry.
   *
   * @param errors the transport's counts
   * @throws IllegalArgumentException if counts were already bound
   */
  public void bindConnectionErrors(ConnectionErrors errors) {
    new ConnectionErrorsCollector(errors).register(registry);
  }

  /**
   * Exports when the served TLS certificate expires ({@code
   * tls_certificate_expiry_timestamp_seconds}), read at each scrape. Call once per registry,
   * on a server with TLS.
   *
   * @param notAfter the served certificate's expiry, now
   * @throws IllegalArgumentException if an expiry was already bound
   */
  public void bindCertificateExpiry(Supplier<Instant> notAfter) {
    new CertificateExpiryCollector(notAfter).register(registry);
  }

  /**
   * Counts a call refused for missing or wrong credentials. The call's close counts it in
   * {@code errors_total} as well, as every failed call.
   */
  public void recordAuthFailure() {
    authFailures.inc();
  }

  /**
   * Counts one failed call in {@code errors_total}, and a refusal for capacity in {@code
   * worker_rejections_total} too; the metrics interceptor calls it once per failed call, of
   * every method, so a stream open or an explanation refused as busy counts as a unary call
   * does.
   */
  void recordError(ErrorKind kind) {
    if (kind == ErrorKind.BUSY) {
      rejections.inc();
    }
    errors.labels(label(kind)).inc();
  }

  /**
   * Counts a call refused unchecked because its client address is blocked. The call's close
   * counts it in {@code errors_total}.
   */
  public void recordAuthThrottled() {
    authThrottled.inc();
  }

  /** Counts a client address blocked after too many authentication failures. */
  public void recordPeerBlocked() {
    authPeerBlocks.inc();
  }

  /** Counts a stream opening; pair with {@link #streamClosed()}. */
  public void streamOpened() {
    activeStreams.inc();
  }

  /** Counts a stream closing. */
  public void streamClosed() {
    activeStreams.dec();
  }

  /** Counts one audio chunk received on a stream. */
  public void recordStreamChunk() {
    streamChunks.inc();
  }

  /** Counts one audio chunk dropped on a stream. */
  public void recordDroppedChunk() {
    droppedChunks.inc();
  }

  /** Counts a stream session kept after its connection broke; pair with {@link #streamUnkept}. */
  public void streamKept() {
    keptStreams.inc();
  }

  /** Counts a kept stream session that was resumed or ended. */
  public void streamUnkept() {
    keptStreams.dec();
  }

  /**
   * Counts a stream session resumed on a new call.
   *
   * @param bytes the bytes of results (encoded messages) it replayed; 0 or more
   */
  public void recordStreamResumed(long bytes) {
    streamResumes.inc();
    replayedBytes.inc(bytes);
  }

  /** Counts a kept stream session ended because its resume window passed. */
  public void recordStreamExpired() {
    expiredStreams.inc();
  }

  @Override
  public void concealedPackets(long count) {
    opusConcealed.inc(count);
  }

  @Override
  public void executed(ExecutionRequest request, ExecutionResult result) {
    pipelineDuration.observe(result.metrics().wallMs() / 1e3);
    for (NodeMetrics node : result.metrics().nodes()) {
      nodeDuration.labels(node.nodeType()).observe(node.wallMs() / 1e3);
    }
    long bytes = 0;
    for (AudioBuffer input : request.inputs().values()) {
      bytes += (long) input.frameCount() * input.format().bytesPerFrame();
    }
    audioBytes.inc(bytes);
    audioSeconds.inc(inputSeconds(request));
  }

  /** Returns the duration of the request's inputs, summed, in seconds. */
  static double inputSeconds(ExecutionRequest request) {
    double seconds = 0;
    for (AudioBuffer input : request.inputs().values()) {
      seconds += input.durationUs() / 1e6;
    }
    return seconds;
  }

  /** Returns the {@code client} label of the current call: its name, or anonymous. */
  static String clientLabel(ClientNameLookup clientNames) {
    String client = clientNames.currentClientName();
    return client == null ? ClientNameLookup.ANONYMOUS : client;
  }

  private static String label(ErrorKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
