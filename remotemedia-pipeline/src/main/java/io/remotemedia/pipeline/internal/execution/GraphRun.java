package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Pushes audio through an {@link ExecutionPlan}: every node gets at most the plan's chunk size
 * per call, each output goes depth-first to the nodes it feeds, and sink output goes to a
 * {@link SinkOutput}. {@link #finish()} flushes the nodes in execution order, so every tail
 * flows through the nodes below it before they are flushed themselves.
 *
 * <p>Before each node call it checks the thread's interrupt flag, the cancel signal and the
 * deadline, so a cancelled or late run stops within one chunk of one node. Confined to one
 * thread at a time.
 */
final class GraphRun {
  /** Receives what a sink node wrote. The array is reused after the call returns. */
  interface SinkOutput {
    void accept(PlannedNode sink, float[] samples, int frames);
  }

  private final ExecutionPlan plan;
  private final List<PlannedNode> scope;
  private final SinkOutput sinkOutput;
  private final long deadlineNanos;
  private final long timeoutMs;
  private final BooleanSupplier cancelled;

  GraphRun(ExecutionPlan plan, SinkOutput sinkOutput, long startNanos, long timeoutMs,
      BooleanSupplier cancelled) {
    this(plan, plan.order, sinkOutput, startNanos, timeoutMs, cancelled);
  }

  /**
   * A run over part of a plan: {@code scope} is a set of nodes closed under connections (one
   * connected component), in execution order; {@link #finish()} flushes only those.
   */
  GraphRun(ExecutionPlan plan, List<PlannedNode> scope, SinkOutput sinkOutput, long startNanos,
      long timeoutMs, BooleanSupplier cancelled) {
    this.plan = plan;
    this.scope = scope;
    this.sinkOutput = sinkOutput;
    this.timeoutMs = timeoutMs;
    this.deadlineNanos = timeoutMs == 0 ? Long.MAX_VALUE : startNanos + timeoutMs * 1_000_000L;
    this.cancelled = cancelled;
  }

  /** Feeds {@code frames} frames starting at frame {@code frameOffset} to a source node. */
  void push(PlannedNode source, float[] samples, int frameOffset, int frames) {
    int channels = source.inputFormat.channelCount();
    for (int done = 0; done < frames; ) {
      int n = Math.min(plan.maxChunkFrames, frames - done);
      System.arraycopy(samples, (frameOffset + done) * channels, source.staging, 0,
          n * channels);
      process(source, source.staging, n);
      done += n;
    }
  }

  /** Flushes every node in execution order, delivering the tails. */
  void finish() {
    for (PlannedNode node : scope) {
      if (node.join != null) {
        // Every input has ended: what is left goes in, shorter inputs padded with silence.
        drainJoin(node, node.join.longest());
      }
      checkProgress(node);
      long start = System.nanoTime();
      int written = call(node, 0, () -> node.node.flush(node.output));
      node.nanos += System.nanoTime() - start;
      checkNodeTime(node);
      node.framesOut += written;
      emit(node, written);
    }
  }

  private void process(PlannedNode node, float[] in, int frames) {
    checkProgress(node);
    long start = System.nanoTime();
    int written = call(node, frames, () -> node.node.process(in, frames, node.output));
    node.nanos += System.nanoTime() - start;
    checkNodeTime(node);
    node.framesIn += frames;
    node.framesOut += written;
    emit(node, written);
  }

  private void emit(PlannedNode node, int frames) {
    if (frames == 0) {
      return;
    }
    if (node.downstream.isEmpty()) {
      sinkOutput.accept(node, node.output, frames);
      return;
    }
    for (PlannedNode next : node.downstream) {
      if (next.join != null) {
        next.join.append(next.upstreams.indexOf(node), node.output, frames);
        drainJoin(next, next.join.ready());
      } else {
        feed(next, node.output, frames);
      }
    }
  }

  /** Processes {@code frames} joined frames of a fan-in node, in chunks. */
  private void drainJoin(PlannedNode node, int frames) {
    for (int done = 0; done < frames; ) {
      int n = Math.min(plan.maxChunkFrames, frames - done);
      node.join.take(n, node.staging);
      process(node, node.staging, n);
      done += n;
    }
  }

  private void feed(PlannedNode node, float[] samples, int frames) {
    if (frames <= plan.maxChunkFrames) {
      process(node, samples, frames);
      return;
    }
    int channels = node.inputFormat.channelCount();
    for (int done = 0; done < frames; ) {
      int n = Math.min(plan.maxChunkFrames, frames - done);
      System.arraycopy(samples, done * channels, node.staging, 0, n * channels);
      process(node, node.staging, n);
      done += n;
    }
  }

  private interface NodeCall {
    int run();
  }

  /** Runs a node's process ({@code frames} in) or flush (0), naming where a failure happened. */
  private static int call(PlannedNode node, int frames, NodeCall call) {
    try {
      return call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String where = frames > 0
          ? "on its input's frames " + node.framesIn + " to " + (node.framesIn + frames - 1)
          : "at the end of its input, after " + node.framesIn + " frames";
      throw PipelineException.builder(ErrorKind.NODE_EXECUTION,
              "node \"" + node.id() + "\" (" + node.graphNode.nodeType() + ") failed " + where
                  + ": " + e.getMessage())
          .nodeId(node.id())
          .context(Map.of(
              "node_type", node.graphNode.nodeType(),
              "input_format", node.inputFormat.toString(),
              "frames_in", Long.toString(node.framesIn),
              "frames_out", Long.toString(node.framesOut)))
          .cause(e)
          .build();
    }
  }

  /** Enforces the node type's own time budget, counted over the node's calls only. */
  private static void checkNodeTime(PlannedNode node) {
    long limitMs = node.limits.timeoutMs();
    if (limitMs > 0 && node.nanos > limitMs * 1_000_000L) {
      long spentMs = node.nanos / 1_000_000;
      throw PipelineException.builder(ErrorKind.TIMEOUT, "node \"" + node.id() + "\" ("
              + node.graphNode.nodeType() + ") spent " + spentMs + " ms, over its type's limit"
              + " of " + limitMs + " ms (node_timeout_ms)")
          .nodeId(node.id())
          .limit(new LimitViolation("node_timeout_ms", limitMs, spentMs))
          .build();
    }
  }

  private void checkProgress(PlannedNode node) {
    if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
      throw PipelineException.builder(ErrorKind.CANCELLED,
              "execution cancelled while node \"" + node.id() + "\" was running")
          .nodeId(node.id())
          .build();
    }
    long now = System.nanoTime();
    if (now - deadlineNanos > 0) {
      long elapsedMs = (now - deadlineNanos) / 1_000_000 + timeoutMs;
      throw PipelineException.builder(ErrorKind.TIMEOUT,
              "execution exceeded its timeout of " + timeoutMs + " ms while node \""
                  + node.id() + "\" was running")
          .nodeId(node.id())
          .limit(new LimitViolation("timeout_ms", timeoutMs, elapsedMs))
          .build();
    }
  }
}
