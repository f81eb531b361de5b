package io.remotemedia.pipeline;

import io.remotemedia.pipeline.internal.execution.BranchThreads;
import io.remotemedia.pipeline.internal.execution.PipelineExecutor;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.internal.limits.AdmissionController;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Runs pipelines in this JVM, on the calling thread. Interrupting the thread cancels the run.
 *
 * <pre>{@code
 * PipelineRunner runner = LocalPipelineRunner.create();
 * PipelineManifest manifest = new ManifestParser().parse(Path.of("gain.json"));
 * ExecutionResult result = runner.execute(ExecutionRequest.of(manifest, "gain", input));
 * }</pre>
 *
 * <p>Admission control bounds the work, and it is the only place that does: at most {@link
 * Builder#maxConcurrent} unary executions, explanations and stream plans run at once; up to
 * {@link Builder#maxQueued} more callers wait (within their timeout), and further ones are
 * refused as BUSY with a retry hint. Open streams are bounded separately by {@link
 * Builder#maxStreams}; a stream holds its slot until it finishes or is cancelled, and one past
 * the limit is refused as BUSY at once. The gRPC server admits nothing itself: its {@code
 * server.worker_threads}, {@code server.worker_queue_capacity} and {@code streams.max_open}
 * settings are these three.
 *
 * <p>Memory is bounded twice, before it is allocated: each call's buffers by its {@code
 * max_memory_bytes} ({@link ExecutionLimits}), and all calls' together by {@link
 * Builder#totalMemoryBytes}.
 *
 * <p>Thread-safe: one runner serves any number of concurrent callers.
 */
public final class LocalPipelineRunner implements PipelineRunner {
  /** The default number of streams open at once. */
  public static final int DEFAULT_MAX_STREAMS = 1024;
  /** Callers that may wait for a slot by default, per slot: {@link Builder#maxQueued}. */
  public static final int DEFAULT_QUEUED_PER_SLOT = 4;
  /** The default longest duration of a stream, in ms: one hour. */
  public static final long DEFAULT_MAX_STREAM_DURATION_MS = 3_600_000;

  private final NodeRegistry registry;
  private final LimitResolver limitResolver;
  private final GraphLimits graphLimits;
  private final AdmissionController admission;
  private final StreamAdmission streamAdmission;
  private final PipelineExecutor executor;

  private LocalPipelineRunner(Builder builder) {
    this.registry = builder.registry;
    this.limitResolver = new LimitResolver(builder.defaults, builder.maximums,
        builder.maxStreamDurationMs);
    this.graphLimits = builder.graphLimits;
    this.executor = new PipelineExecutor(builder.nodeLimits, builder.branchExecutor,
        builder.totalMemoryBytes > 0 ? builder.totalMemoryBytes : defaultTotalMemoryBytes());
    int maxQueued = builder.maxQueued >= 0 ? builder.maxQueued
        : DEFAULT_QUEUED_PER_SLOT * builder.maxConcurrent;
    this.admission = new AdmissionController(builder.maxConcurrent, maxQueued);
    this.streamAdmission = new StreamAdmission(
        AdmissionController.forStreams(builder.maxStreams), admission, executor);
  }

  private LocalPipelineRunner(LocalPipelineRunner capacityOf, LimitResolver limitResolver) {
    this.registry = capacityOf.registry;
    this.limitResolver = limitResolver;
    this.graphLimits = capacityOf.graphLimits;
    this.executor = capacityOf.executor;
    this.admission = capacityOf.admission;
    this.streamAdmission = capacityOf.streamAdmission;
  }

  /** {@return a runner with the standard node types, default limits and one slot per core} */
  public static LocalPipelineRunner create() {
    return builder().build();
  }

  /**
   * {@return a runner with these node types} A request's unset limits take {@code defaults}; every
   * limit is capped by {@code maximums}.
   *
   * @param registry the node types manifests may use
   * @param defaults the limits of a request that sets none (0 values)
   * @param maximums the caps on every limit, requested or default
   */
  public static LocalPipelineRunner create(
      NodeRegistry registry, ExecutionLimits defaults, ExecutionLimits maximums) {
    return builder().registry(registry).limits(defaults, maximums).build();
  }

  /**
   * Starts a runner with the standard node types and default limits.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a runner like this one with other request limits that shares this one's capacity:
   * the same execution slots, queue and stream slots, so that calls running under this runner
   * and calls starting under the new one together stay within them. A server that reloads its
   * limits swaps in such a runner.
   *
   * @param defaults limits of a request that sets none
   * @param maximums caps on what a request may ask for
   * @return the new runner; this one keeps working unchanged
   */
  public LocalPipelineRunner withLimits(ExecutionLimits defaults, ExecutionLimits maximums) {
    return new LocalPipelineRunner(this, limitResolver.withLimits(
        Objects.requireNonNull(defaults, "defaults"),
        Objects.requireNonNull(maximums, "maximums")));
  }

  /** {@return the node registry this runner compiles manifests against} */
  public NodeRegistry registry() {
    return registry;
  }

  /** {@return the capacity of unary executions (slots and queue), for operators' metrics} */
  public Capacity admission() {
    return admission;
  }

  /** {@return the capacity of open streams (stream slots; they never queue), for metrics} */
  public Capacity streams() {
    return streamAdmission.streams();
  }

  /**
   * {@return the buffer memory all executions, streams and explanations hold together, and
   * its bound ({@link Builder#totalMemoryBytes}), for metrics}
   */
  public BufferMemory memory() {
    return executor.memory();
  }

  /**
   * {@return half the most heap this JVM will use ({@code Runtime.maxMemory()}): the default of
   * {@link Builder#totalMemoryBytes}}
   */
  public static long defaultTotalMemoryBytes() {
    return Math.max(1, Runtime.getRuntime().maxMemory() / 2);
  }

  /**
   * {@return the limits a request with {@code requested} limits runs under}
   *
   * @param requested the limits the request asked for; 0 values are unset
   */
  public ExecutionLimits effectiveLimits(ExecutionLimits requested) {
    return limitResolver.forExecution(requested);
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request) {
    PipelineGraph graph = PipelineGraph.compile(request.manifest(), registry, graphLimits);
    ExecutionLimits limits = effectiveLimits(request.limits());
    try (AdmissionController.Permit permit = admission.acquire(limits.timeoutMs())) {
      return executor.execute(graph, request.inputs(), limits);
    }
  }

  /**
   * Runs {@code request} now, on the calling thread, if an execution slot is free and no call
   * waits for one; otherwise does nothing. It never waits in the queue, so a thread that must
   * not block (a server's transport thread) can try, and otherwise hand the request to one that
   * may wait. A request run this way counts against the same slots as {@link #execute}.
   *
   * @param request the manifest, the input audio per source and the requested limits
   * @return the result, or empty when every execution slot was taken or calls waited for one
   *     (nothing ran)
   * @throws PipelineException as {@link #execute} does, except that a full runner is not BUSY
   *     but empty
   */
  public Optional<ExecutionResult> tryExecute(ExecutionRequest request) {
    return tryExecute(request, Long.MAX_VALUE);
  }

  /**
   * As {@link #tryExecute(ExecutionRequest)}, and only if the request's work is at most {@code
   * maxNodeSamples}: the samples (frames x channels) each node takes in or puts out, the larger
   * of the two, summed over the nodes, from the planned formats. A resampler that raises the
   * rate, or a channel map that adds channels, counts at its output. Every built-in node's cost
   * grows with its work, so the bound is one on the run's time.
   *
   * @param request the manifest, the input audio per source and the requested limits
   * @param maxNodeSamples the most work run here; {@code Long.MAX_VALUE} for no bound
   * @return the result, or empty when no slot was free at once or the work is larger (nothing
   *     ran)
   * @throws PipelineException as {@link #execute} does, except that a full runner is not BUSY
   *     but empty
   */
  public Optional<ExecutionResult> tryExecute(ExecutionRequest request, long maxNodeSamples) {
    Optional<AdmissionController.Permit> free = admission.tryAcquire();
    if (free.isEmpty()) {
      return Optional.empty();
    }
    try (AdmissionController.Permit permit = free.get()) {
      PipelineGraph graph = PipelineGraph.compile(request.manifest(), registry, graphLimits);
      ExecutionLimits limits = effectiveLimits(request.limits());
      return executor.execute(graph, request.inputs(), limits, maxNodeSamples);
    }
  }

  /**
   * {@return the limits a stream asking for {@code requested} runs under: the memory and input
   * limits as for an execution, and as timeout the session's longest duration, which is the
   * request's (0: {@link Builder#maxStreamDurationMs}) capped by that maximum} A unary
   * execution's timeout does not bound a stream.
   *
   * @param requested the limits the stream asked for; 0 values are unset
   */
  public ExecutionLimits effectiveStreamLimits(ExecutionLimits requested) {
    return limitResolver.forStream(requested);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stream takes one of the stream slots ({@link Builder#maxStreams}) at once or is
   * refused as BUSY, and holds it until it is closed. While its pipeline is planned it also
   * takes an execution slot, as {@link #execute} does, waiting in the same queue within the
   * same timeout (the request's {@code timeoutMs} resolved as an execution's, and at most the
   * stream's own time limit), or refused as BUSY as an execution is: a plan of many nodes
   * designs filters for seconds, so stream opens count in the same capacity. The execution
   * slot goes back once the plan is made; the stream's chunks run in its stream slot alone.
   */
  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    PipelineGraph graph = PipelineGraph.compile(request.manifest(), registry, graphLimits);
    return streamAdmission.open(graph, request, limitResolver.forStream(request.limits()),
        limitResolver.streamPlanningWaitMs(request.limits()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>It takes an execution slot while it plans, as {@link #execute} does: a plan of many
   * nodes can take seconds (255 very_high resamplers to odd rates took 2.2 to 4.6 s on a
   * 2-vCPU machine, designing their filters), so explanations count in the same capacity and
   * wait or are refused as BUSY with the executions.
   */
  @Override
  public Explanation explain(ExplainRequest request) {
    PipelineGraph graph = PipelineGraph.compile(request.manifest(), registry, graphLimits);
    ExecutionLimits limits = effectiveLimits(request.limits());
    try (AdmissionController.Permit permit = admission.acquire(limits.timeoutMs())) {
      return executor.explain(graph, request.inputFormats(), request.inputFrames(), limits,
          request.inputEncodings(), request.outputEncodings());
    }
  }

  @Override
  public List<NodeTypeDescription> nodeTypes() {
    return registry.factories().stream().map(NodeTypeDescription::of).toList();
  }

  /** Configures a {@link LocalPipelineRunner}. Not thread-safe. */
  public static final class Builder {
    private NodeRegistry registry;
    private ExecutionLimits defaults = ExecutionLimits.DEFAULTS;
    private ExecutionLimits maximums = ExecutionLimits.DEFAULTS;
    private int maxConcurrent = Runtime.getRuntime().availableProcessors();
    // Below 0: not set, so DEFAULT_QUEUED_PER_SLOT per slot.
    private int maxQueued = -1;
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private GraphLimits graphLimits = GraphLimits.DEFAULTS;
    private long maxStreamDurationMs = DEFAULT_MAX_STREAM_DURATION_MS;
    private final Map<String, NodeTypeLimits> nodeLimits = new HashMap<>();
    private Executor branchExecutor = BranchThreads.shared();
    private long totalMemoryBytes;

    private Builder() {}

    /**
     * The node types; default {@link NodeRegistry#standard()}.
     *
     * @param registry the node types; not null
     * @return this builder
     */
    public Builder registry(NodeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Defaults for unset request limits, and caps for every limit.
     *
     * @param defaults the limits of a request that sets none (0 values); not null
     * @param maximums the caps on every limit, requested or default; not null
     * @return this builder
     */
    public Builder limits(ExecutionLimits defaults, ExecutionLimits maximums) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      this.maximums = Objects.requireNonNull(maximums, "maximums");
      return this;
    }

    /**
     * Bounds on manifests: node count and params size; default {@link GraphLimits#DEFAULTS}.
     *
     * @param limits the manifest bounds; not null
     * @return this builder
     */
    public Builder graphLimits(GraphLimits limits) {
      this.graphLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Unary executions that may run at once (the gRPC server's {@code server.worker_threads}),
     * explanations and stream opens being planned included; default: the number of cores.
     *
     * @param maxConcurrent at least 1
     * @return this builder
     */
    public Builder maxConcurrent(int maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * Callers that may wait for a slot (the gRPC server's {@code server.worker_queue_capacity});
     * default {@value LocalPipelineRunner#DEFAULT_QUEUED_PER_SLOT} per slot of {@link
     * #maxConcurrent}. 0 refuses as BUSY whenever every slot is taken.
     *
     * @param maxQueued at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code maxQueued} is below 0
     */
    public Builder maxQueued(int maxQueued) {
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueued must be >= 0, was " + maxQueued);
      }
      this.maxQueued = maxQueued;
      return this;
    }

    /**
     * Streams that may be open at once (the gRPC server's {@code streams.max_open}); default
     * {@value LocalPipelineRunner#DEFAULT_MAX_STREAMS}. A stream past that is refused as BUSY at
     * once: streams do not queue for these slots (an open stream's plan then waits for one of
     * the {@link #maxConcurrent} execution slots, as an execution does).
     *
     * @param maxStreams at least 1
     * @return this builder
     */
    public Builder maxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
      return this;
    }

    /**
     * Limits for every node of {@code nodeType}, on top of the execution-wide ones: its own
     * time budget and a cap on the buffers held for it.
     *
     * @param nodeType a node type name, such as {@code Normalize}; not null
     * @param limits the limits for that type; not null. A later call for the same type replaces it
     * @return this builder
     */
    public Builder nodeLimits(String nodeType, NodeTypeLimits limits) {
      nodeLimits.put(Objects.requireNonNull(nodeType, "nodeType"),
          Objects.requireNonNull(limits, "limits"));
      return this;
    }

    /**
     * Where independent parts of a graph (components that share no node, such as two sources
     * with their own chains) run concurrently when each has at least a second of audio;
     * default {@link BranchThreads#shared()}. Null runs everything on the calling thread.
     *
     * @param executor runs independent branches; null for the calling thread
     * @return this builder
     */
    public Builder branchExecutor(Executor executor) {
      this.branchExecutor = executor;
      return this;
    }

    /**
     * The most bytes of buffers all executions, streams and explanations of this runner hold at
     * once (the gRPC server's {@code limits.total_memory_bytes}); default half the JVM's
     * maximum heap ({@code Runtime.maxMemory()}) when the runner is built. Each call takes its
     * room node by node before it allocates, within its own {@code max_memory_bytes}, and
     * gives it back when it ends; a call that would pass this bound is refused: RESOURCE_LIMIT
     * when it alone would, BUSY (retry) when other calls hold the memory now. So many calls at
     * once cannot together exhaust the heap. The bound covers pipeline buffers (the nodes',
     * the executor's and the collected outputs), not the request's own audio.
     *
     * @param bytes at least 1; 0 for the default
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder totalMemoryBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("totalMemoryBytes must be >= 0, was " + bytes);
      }
      this.totalMemoryBytes = bytes;
      return this;
    }

    /**
     * The longest a stream may stay open, in ms; default {@value
     * LocalPipelineRunner#DEFAULT_MAX_STREAM_DURATION_MS} (one hour).
     *
     * @param durationMs 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code durationMs} is below 1
     */
    public Builder maxStreamDurationMs(long durationMs) {
      if (durationMs < 1) {
        throw new IllegalArgumentException("maxStreamDurationMs must be >= 1, was " + durationMs);
      }
      this.maxStreamDurationMs = durationMs;
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return a new runner
     * @throws IllegalArgumentException if maxConcurrent or maxStreams is below 1
     */
    public LocalPipelineRunner build() {
      if (registry == null) {
        registry = NodeRegistry.standard();
      }
      return new LocalPipelineRunner(this);
    }
  }
}
