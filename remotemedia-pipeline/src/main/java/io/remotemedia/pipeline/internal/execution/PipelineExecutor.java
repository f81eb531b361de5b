package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeTypeLimits;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;

/**
 * Runs a {@link PipelineGraph}: over whole buffers ({@link #execute}), as a live stream
 * ({@link #openStream}), or as a dry run ({@link #explain}). All three configure the same
 * plan, and a unary run is a stream whose input arrives at once, so a stream's concatenated
 * output equals the unary output.
 *
 * <p>Every node gets at most {@value #CHUNK_FRAMES} frames per call. Between calls the
 * executor checks the deadline, the cancel signal and the thread's interrupt flag, so a
 * timeout or a cancellation stops the work within one chunk of one node; while the plan is
 * made, the interrupt flag is checked before each node is configured.
 *
 * <p>Stateless and thread-safe: each call builds its own node instances. Unary work runs on
 * the calling thread; interrupting it cancels the execution.
 */
public final class PipelineExecutor {
  /** The largest chunk handed to a node in one {@code process} call, in frames. */
  public static final int CHUNK_FRAMES = 8192;

  private final Map<String, NodeTypeLimits> nodeLimits;
  private final Executor branchExecutor;
  private final MemoryPool memory;

  /**
   * An executor without per-node-type limits or a bound on all its calls' memory together,
   * that runs every execution on its caller.
   */
  public PipelineExecutor() {
    this(Map.of(), null, Long.MAX_VALUE);
  }

  /**
   * An executor that enforces {@code nodeLimits} (by node type) in every run.
   *
   * @param branchExecutor where independent parts of a graph (components that share no node)
   *     run concurrently when each has at least a second of audio; null runs everything on
   *     the calling thread
   * @param nodeLimits limits by node type name; copied
   * @param totalMemoryBytes the most bytes of buffers all executions, streams and
   *     explanations hold at once; at least 1
   */
  public PipelineExecutor(Map<String, NodeTypeLimits> nodeLimits, Executor branchExecutor,
      long totalMemoryBytes) {
    this.nodeLimits = Map.copyOf(nodeLimits);
    this.branchExecutor = branchExecutor;
    this.memory = new MemoryPool(totalMemoryBytes);
  }

  /** {@return the buffer memory all calls hold together, and its bound} */
  public BufferMemory memory() {
    return memory;
  }

  /**
   * Runs {@code graph} over {@code inputs} (keyed by source node id) within {@code limits}.
   *
   * @param limits resolved limits; a 0 value is not enforced
   * @param graph the compiled pipeline
   * @param inputs the audio of each source
   * @return the audio of every sink, the data outputs, and the metrics of the run
   * @throws PipelineException on invalid audio, a format mismatch, a node failure, a limit, a
   *     timeout or a cancellation
   */
  public ExecutionResult execute(
      PipelineGraph graph, Map<String, AudioBuffer> inputs, ExecutionLimits limits) {
    return execute(graph, inputs, limits, Long.MAX_VALUE).orElseThrow();
  }

  /**
   * Runs {@code graph} as {@link #execute(PipelineGraph, Map, ExecutionLimits)} does if its
   * work is at most {@code maxNodeSamples}; otherwise runs nothing. The work is the samples
   * (frames x channels) each node takes in or puts out, the larger of the two, summed over the
   * nodes: a resampler that raises the rate, or a channel map that adds channels, counts at its
   * output. Every built-in node's cost grows with it.
   *
   * @param maxNodeSamples the most work run; {@code Long.MAX_VALUE} runs every request
   * @return the result, or empty (nothing ran) when the work is larger
   * @throws PipelineException as {@link #execute(PipelineGraph, Map, ExecutionLimits)} does
   */
  public Optional<ExecutionResult> execute(PipelineGraph graph, Map<String, AudioBuffer> inputs,
      ExecutionLimits limits, long maxNodeSamples) {
    try (MemoryPool.Lease lease = memory.lease()) {
      return execute(graph, inputs, limits, maxNodeSamples, lease);
    }
  }

  private Optional<ExecutionResult> execute(PipelineGraph graph, Map<String, AudioBuffer> inputs,
      ExecutionLimits limits, long maxNodeSamples, MemoryPool.Lease lease) {
    long startNanos = System.nanoTime();
    long startCpu = ThreadCost.cpuNanos();
    long startAllocated = ThreadCost.allocatedBytes();
    InputCheck.check(graph, inputs, limits);

    Map<String, AudioFormat> formats = new LinkedHashMap<>();
    Map<String, Long> frames = new LinkedHashMap<>();
    inputs.forEach((id, buffer) -> {
      formats.put(id, buffer.format());
      frames.put(id, (long) buffer.frameCount());
    });
    // A short request needs no chunk-sized buffers: each node's buffers are sized to the
    // longest input instead (a 20 ms call then holds kilobytes per node, not 8192 frames).
    long longest = frames.values().stream().mapToLong(Long::longValue).max().orElse(1);
    int chunkFrames = (int) Math.max(1, Math.min(CHUNK_FRAMES, longest));
    ExecutionPlan plan = ExecutionPlan.create(graph, formats, chunkFrames, nodeLimits,
        limits.maxMemoryBytes(), lease);
    Map<String, Long> framesOut = expectedFramesOut(plan, frames);
    if (maxNodeSamples < Long.MAX_VALUE
        && nodeSamples(plan, frames, framesOut) > maxNodeSamples) {
      return Optional.empty();
    }
    long estimate = memoryEstimate(plan, framesOut);
    if (limits.maxMemoryBytes() > 0 && estimate > limits.maxMemoryBytes()) {
      throw memoryRefusal(estimate, limits.maxMemoryBytes());
    }
    if (estimate > memory.limitBytes()) {
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the execution needs an"
              + " estimated " + estimate + " bytes of buffers, over the " + memory.limitBytes()
              + " bytes this runner allows all its calls together (total_memory_bytes)")
          .limit(new LimitViolation("total_memory_bytes", memory.limitBytes(), estimate))
          .build();
    }

    SinkAccumulator.Budget budget = SinkAccumulator.Budget.after(plan, limits.maxMemoryBytes(),
        lease, /* refusedByTotal= */ true);
    plan.chargeJoinsTo(budget);
    Map<String, SinkAccumulator> sinks = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      if (node.graphNode.isSink()) {
        long expected = Math.min(framesOut.get(node.id()),
            SinkAccumulator.MAX_SAMPLES / node.outputFormat.channelCount());
        sinks.put(node.id(), new SinkAccumulator(node.id(), node.outputFormat, (int) expected,
            budget));
      }
    }
    GraphRun.SinkOutput collect = (sink, samples, count) ->
        sinks.get(sink.id()).append(samples, count);
    List<List<PlannedNode>> components = Components.of(plan);
    long[] otherThreads = {0, 0};
    if (components.size() > 1 && branchExecutor != null
        && ConcurrentBranches.pay(components, inputs)) {
      otherThreads = ConcurrentBranches.run(branchExecutor, plan, components, inputs, collect,
          startNanos, limits);
    } else {
      GraphRun run = new GraphRun(plan, collect, startNanos, limits.timeoutMs(), () -> false);
      for (GraphNode source : graph.sources()) {
        AudioBuffer input = inputs.get(source.id());
        run.push(plan.byId.get(source.id()), input.samples(), 0, input.frameCount());
      }
      run.finish();
    }

    Map<String, AudioBuffer> outputs = new LinkedHashMap<>();
    sinks.forEach((id, sink) -> outputs.put(id, sink.toBuffer()));
    return Optional.of(new ExecutionResult(outputs, RunReport.dataOutputs(plan),
        RunReport.metrics(plan, sinks, startNanos, startCpu, startAllocated, otherThreads[0],
            otherThreads[1])));
  }

  /**
   * Configures {@code graph} for the given inputs without running it.
   *
   * @param inputFormats the format of each source's input; every source needs one
   * @param inputFrames frames per source, for the memory estimate
   * @param limits the resolved limits the request would run under
   * @param graph the compiled pipeline
   * @param inputEncodings how each source's input is coded; a source not named is PCM
   * @param outputEncodings how each sink's output is asked for; a sink not named is PCM
   * @return the plan: order, formats, edge adapters, latencies, memory estimate; {@code
   *     admitted} is left for the caller to decide
   * @throws PipelineException VALIDATION for an input (format, frames or encoding) keyed by
   *     something other than a source, a missing input format, or a format mismatch;
   *     INVALID_AUDIO for an edge that cannot be coded as asked; BUSY when other calls hold
   *     the runner's memory now. A plan whose nodes' buffers would pass a memory limit is
   *     answered as refused (not admitted, the refusal naming the node, no nodes listed), as
   *     one that refuses for its outputs is
   */
  public Explanation explain(PipelineGraph graph, Map<String, AudioFormat> inputFormats,
      Map<String, Long> inputFrames, ExecutionLimits limits,
      Map<String, InputEncoding> inputEncodings, Map<String, OutputEncoding> outputEncodings) {
    Set<String> inputKeys = new TreeSet<>(inputFormats.keySet());
    inputKeys.addAll(inputFrames.keySet());
    inputKeys.addAll(inputEncodings.keySet());
    EndpointKeyCheck.sources(graph.manifest(), "inputs", inputKeys);
    for (GraphNode source : graph.sources()) {
      if (!inputFormats.containsKey(source.id())) {
        throw PipelineException.of(ErrorKind.VALIDATION, "source node \"" + source.id()
            + "\" has no input format; formats given for: " + (inputFormats.isEmpty() ? "none"
            : EndpointKeyCheck.listed(new TreeSet<>(inputFormats.keySet()))));
      }
    }
    // The plan's buffers are held only while it is explained.
    try (MemoryPool.Lease lease = memory.lease()) {
      ExecutionPlan plan;
      try {
        plan = ExecutionPlan.create(graph, inputFormats, CHUNK_FRAMES, nodeLimits,
            limits.maxMemoryBytes(), lease);
      } catch (PipelineException e) {
        if (e.kind() != ErrorKind.RESOURCE_LIMIT) {
          throw e;
        }
        // Answered, not thrown, as a refusal for the size of the outputs is: the nodes are
        // those planned before the refusal, none here, and the estimate the bytes it names.
        return new Explanation(List.of(), 0, e.limit().map(LimitViolation::actualValue)
            .orElse(0L), limits, false, e.getMessage(), List.of());
      }
      return explain(plan, inputFormats, inputFrames, limits, inputEncodings, outputEncodings);
    }
  }

  private static Explanation explain(ExecutionPlan plan, Map<String, AudioFormat> inputFormats,
      Map<String, Long> inputFrames, ExecutionLimits limits,
      Map<String, InputEncoding> inputEncodings, Map<String, OutputEncoding> outputEncodings) {
    PipelineGraph graph = plan.graph;
    EdgeAdapters adapters = EdgeAdapters.plan(plan, inputEncodings, outputEncodings);
    List<Explanation.ExplainedNode> nodes = new ArrayList<>();
    for (PlannedNode node : plan.order) {
      int latency = node.node.latencyFrames();
      nodes.add(new Explanation.ExplainedNode(node.id(), node.graphNode.nodeType(),
          node.graphNode.upstreamIds(), node.inputFormat, node.outputFormat, latency,
          latency * 1000.0 / node.outputFormat.sampleRateHz(), node.cumulativeLatencyMs));
    }
    double total = adapters.totalLatencyMs(plan);
    long samples = 0;
    for (GraphNode source : graph.sources()) {
      samples = Saturating.sum(samples, Saturating.product(
          inputFrames.getOrDefault(source.id(), 0L), inputFormats.get(source.id()).channelCount()));
    }
    long estimate = memoryEstimate(plan, expectedFramesOut(plan, inputFrames));
    String refusal = "";
    if (limits.maxInputSamples() > 0 && samples > limits.maxInputSamples()) {
      refusal = "the inputs hold " + samples + " samples, over the limit of "
          + limits.maxInputSamples() + " (max_input_samples)";
    } else if (limits.maxMemoryBytes() > 0 && estimate > limits.maxMemoryBytes()) {
      refusal = memoryRefusal(estimate, limits.maxMemoryBytes()).getMessage();
    }
    return new Explanation(nodes, total, estimate, limits, refusal.isEmpty(), refusal,
        adapters.edges());
  }

  /**
   * Opens a stream over {@code graph}, which must have exactly one source.
   *
   * @param limits resolved limits; {@code timeoutMs} bounds the session's duration
   * @param onClose called once when the stream finishes, fails or is cancelled
   * @param graph the compiled pipeline
   * @param inputFormat the format of every chunk the caller will push
   * @param outputEncodings how the caller will code each sink's results, keyed by sink id
   * @param sessionId names the session in logs and errors
   * @return the open session
   * @throws PipelineException VALIDATION when the graph has several sources or the format
   *     does not fit; RESOURCE_LIMIT when the nodes' buffers would pass the memory limits;
   *     INVALID_AUDIO when a sink's planned output cannot be coded as asked (Opus at a rate or
   *     channel count it cannot code)
   */
  public PipelineStream openStream(PipelineGraph graph, AudioFormat inputFormat,
      Map<String, OutputEncoding> outputEncodings, ExecutionLimits limits, String sessionId,
      Runnable onClose) {
    List<GraphNode> sources = graph.sources();
    if (sources.size() != 1) {
      throw PipelineException.of(ErrorKind.VALIDATION, "a stream needs exactly one source"
          + " node; this manifest has " + sources.size() + ": "
          + sources.stream().map(GraphNode::id).toList());
    }
    MemoryPool.Lease lease = memory.lease();
    boolean opened = false;
    try {
      ExecutionPlan plan = ExecutionPlan.create(graph,
          Map.of(sources.get(0).id(), inputFormat), CHUNK_FRAMES, nodeLimits,
          limits.maxMemoryBytes(), lease);
      // Refused here, before the stream opens, in the words ExplainPipeline uses for the same
      // sinks, not at the first result.
      EdgeAdapters.plan(plan, Map.of(), outputEncodings);
      StreamingExecution stream = new StreamingExecution(plan, sessionId, limits, lease, () -> {
        lease.close();
        onClose.run();
      });
      opened = true;
      return stream;
    } finally {
      if (!opened) {
        lease.close();
      }
    }
  }

  private static long memoryEstimate(ExecutionPlan plan, Map<String, Long> framesOut) {
    long bytes = plan.bufferBytes();
    for (PlannedNode node : plan.order) {
      if (node.graphNode.isSink()) {
        bytes = Saturating.sum(bytes, Saturating.product(framesOut.get(node.id()),
            (long) node.outputFormat.channelCount() * Float.BYTES));
      }
    }
    return bytes;
  }

  /**
   * The frames each node will most likely emit, by node id: every chunk at its largest, plus a
   * tail no longer than what went in (a node that holds audio back, such as Normalize, gives it
   * back at flush). Sinks collect into buffers that grow past this if they must, within the
   * budget. One pass over the plan's order, upstreams first: a graph of diamonds (fan-out, then
   * a Mix) costs a visit per node, not one per path.
   */
  private static Map<String, Long> expectedFramesOut(
      ExecutionPlan plan, Map<String, Long> sourceFrames) {
    Map<String, Long> framesOut = new HashMap<>();
    for (PlannedNode node : plan.order) {
      framesOut.put(node.id(), framesOut(plan, node, framesIn(node, sourceFrames, framesOut)));
    }
    return framesOut;
  }

  /** The frames into {@code node}: its source's, or its largest upstream's output. */
  private static long framesIn(PlannedNode node, Map<String, Long> sourceFrames,
      Map<String, Long> framesOut) {
    return node.graphNode.isSource()
        ? sourceFrames.getOrDefault(node.id(), 0L)
        : node.upstreams.stream().mapToLong(up -> framesOut.get(up.id())).max().orElse(0);
  }

  /** The work of {@link #execute(PipelineGraph, Map, ExecutionLimits, long)}. */
  private static long nodeSamples(ExecutionPlan plan, Map<String, Long> sourceFrames,
      Map<String, Long> framesOut) {
    long total = 0;
    for (PlannedNode node : plan.order) {
      long in = Saturating.product(framesIn(node, sourceFrames, framesOut),
          node.inputFormat.channelCount());
      long out = Saturating.product(framesOut.get(node.id()), node.outputFormat.channelCount());
      total = Saturating.sum(total, Math.max(in, out));
    }
    return total;
  }

  /** The most frames {@code node} puts out for {@code in} frames in, its flush included. */
  private static long framesOut(ExecutionPlan plan, PlannedNode node, long in) {
    long full = in / plan.maxChunkFrames;
    int rest = (int) (in % plan.maxChunkFrames);
    long processed = Saturating.sum(Saturating.product(full,
        node.node.maxOutputFrames(plan.maxChunkFrames)),
        rest == 0 ? 0 : node.node.maxOutputFrames(rest));
    long tail = Math.min(node.node.maxFlushFrames(), in);
    return Saturating.sum(processed, tail);
  }

  private static PipelineException memoryRefusal(long estimate, long limit) {
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT,
            "the execution needs an estimated " + estimate + " bytes of buffers, over the limit"
                + " of " + limit + " bytes (max_memory_bytes)")
        .limit(new LimitViolation("max_memory_bytes", limit, estimate))
        .build();
  }
}
