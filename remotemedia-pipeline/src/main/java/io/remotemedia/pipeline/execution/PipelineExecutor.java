package io.remotemedia.pipeline.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.ClipCountingNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.graph.GraphNode;
import io.remotemedia.pipeline.graph.PipelineGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link PipelineGraph} over whole buffers. Each node runs over its whole input in
 * chunks of at most {@value #CHUNK_FRAMES} frames, then is flushed, so a unary run exercises
 * the same streaming lifecycle as a live stream. Between chunks the executor checks the
 * deadline and the thread's interrupt flag, so a timeout or a cancellation stops the work
 * within one chunk.
 *
 * <p>Stateless and thread-safe: each call builds its own node instances. The work runs on the
 * calling thread; interrupting that thread cancels the execution.
 */
public final class PipelineExecutor {
  /** The largest chunk handed to a node in one {@code process} call, in frames. */
  public static final int CHUNK_FRAMES = 8192;

  /**
   * Runs {@code graph} over {@code inputs} (keyed by source node id) within {@code limits}.
   *
   * @param limits resolved limits; a 0 value is not enforced
   * @throws PipelineException on invalid audio, a node failure, a limit, a timeout or a
   *     cancellation
   */
  public ExecutionResult execute(
      PipelineGraph graph, Map<String, AudioBuffer> inputs, ExecutionLimits limits) {
    long startNanos = System.nanoTime();
    long startCpu = ThreadCost.cpuNanos();
    long startAllocated = ThreadCost.allocatedBytes();
    long deadlineNanos = limits.timeoutMs() == 0
        ? Long.MAX_VALUE
        : startNanos + limits.timeoutMs() * 1_000_000L;

    InputCheck.check(graph, inputs, limits);

    Map<String, AudioBuffer> produced = new HashMap<>();
    Map<String, AudioBuffer> sinkOutputs = new LinkedHashMap<>();
    List<NodeMetrics> nodeMetrics = new ArrayList<>();
    long allocatedSamples = 0;
    for (GraphNode graphNode : graph.executionOrder()) {
      AudioBuffer input = graphNode.isSource()
          ? inputs.get(graphNode.id())
          : produced.get(graphNode.upstreamId());
      long nodeStart = System.nanoTime();
      AudioNode node = graphNode.newInstance();
      int chunk = Math.max(1, Math.min(CHUNK_FRAMES, input.frameCount()));
      AudioFormat outFormat = configure(graphNode, node, input.format(), chunk);

      long capacityFrames = outputCapacity(node, input.frameCount(), chunk);
      long capacitySamples = capacityFrames * outFormat.channelCount();
      allocatedSamples += capacitySamples;
      checkMemory(limits, allocatedSamples, graphNode);
      float[] out = new float[(int) capacitySamples];
      float[] scratch = new float[node.maxOutputFrames(chunk) * outFormat.channelCount()];

      int inChannels = input.format().channelCount();
      int outChannels = outFormat.channelCount();
      float[] chunkIn = new float[chunk * inChannels];
      int written = 0;
      for (int offset = 0; offset < input.frameCount(); offset += chunk) {
        checkProgress(deadlineNanos, limits, graphNode);
        int frames = Math.min(chunk, input.frameCount() - offset);
        System.arraycopy(input.samples(), offset * inChannels, chunkIn, 0, frames * inChannels);
        int n = process(graphNode, node, chunkIn, frames, scratch);
        System.arraycopy(scratch, 0, out, written * outChannels, n * outChannels);
        written += n;
      }
      float[] tail = new float[node.maxFlushFrames() * outChannels];
      int tailFrames = node.flush(tail);
      System.arraycopy(tail, 0, out, written * outChannels, tailFrames * outChannels);
      written += tailFrames;

      AudioBuffer output = AudioBuffer.of(outFormat, out, written);
      produced.put(graphNode.id(), output);
      if (graphNode.isSink()) {
        sinkOutputs.put(graphNode.id(), output);
      }
      nodeMetrics.add(new NodeMetrics(graphNode.id(), graphNode.nodeType(),
          (System.nanoTime() - nodeStart) / 1e6, input.frameCount(), written, counters(node)));
    }
    ExecutionMetrics metrics = new ExecutionMetrics(
        (System.nanoTime() - startNanos) / 1e6,
        (ThreadCost.cpuNanos() - startCpu) / 1e6,
        Math.max(0, ThreadCost.allocatedBytes() - startAllocated),
        nodeMetrics,
        0);
    return new ExecutionResult(sinkOutputs, Map.of(), metrics);
  }

  private static Map<String, Double> counters(AudioNode node) {
    return node instanceof ClipCountingNode counting
        ? Map.of("clipped_samples", (double) counting.clippedSamples())
        : Map.of();
  }

  private static AudioFormat configure(
      GraphNode graphNode, AudioNode node, AudioFormat format, int chunk) {
    try {
      return node.configure(format, chunk);
    } catch (UnsupportedFormatException e) {
      throw PipelineException.builder(ErrorKind.VALIDATION,
              "node \"" + graphNode.id() + "\" (" + graphNode.nodeType() + "): "
                  + e.getMessage())
          .nodeId(graphNode.id())
          .cause(e)
          .build();
    }
  }

  private static int process(
      GraphNode graphNode, AudioNode node, float[] in, int frames, float[] out) {
    try {
      return node.process(in, frames, out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw PipelineException.builder(ErrorKind.NODE_EXECUTION,
              "node \"" + graphNode.id() + "\" (" + graphNode.nodeType() + ") failed: "
                  + e.getMessage())
          .nodeId(graphNode.id())
          .cause(e)
          .build();
    }
  }

  private static long outputCapacity(AudioNode node, int inputFrames, int chunk) {
    long full = (long) (inputFrames / chunk) * node.maxOutputFrames(chunk);
    int rest = inputFrames % chunk;
    long partial = rest == 0 ? 0 : node.maxOutputFrames(rest);
    return full + partial + node.maxFlushFrames();
  }

  private static void checkMemory(ExecutionLimits limits, long samples, GraphNode node) {
    long bytes = samples * Float.BYTES;
    if (samples > Integer.MAX_VALUE - 8
        || (limits.maxMemoryBytes() > 0 && bytes > limits.maxMemoryBytes())) {
      long limit = limits.maxMemoryBytes() > 0 ? limits.maxMemoryBytes() : Integer.MAX_VALUE;
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT,
              "the execution needs at least " + bytes + " bytes of buffers by node \""
                  + node.id() + "\", over the limit of " + limit + " bytes (max_memory_bytes)")
          .nodeId(node.id())
          .limit(new LimitViolation("max_memory_bytes", limit, bytes))
          .build();
    }
  }

  private static void checkProgress(long deadlineNanos, ExecutionLimits limits, GraphNode node) {
    if (Thread.currentThread().isInterrupted()) {
      throw PipelineException.builder(ErrorKind.CANCELLED,
              "execution cancelled while node \"" + node.id() + "\" was running")
          .nodeId(node.id())
          .build();
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw PipelineException.builder(ErrorKind.TIMEOUT,
              "execution exceeded its timeout of " + limits.timeoutMs() + " ms while node \""
                  + node.id() + "\" was running")
          .nodeId(node.id())
          .limit(new LimitViolation("timeout_ms", limits.timeoutMs(), limits.timeoutMs()))
          .build();
    }
  }
}
