package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.PipelineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs the independent parts of a unary run's graph (components that share no node) on
 * threads of their own, when each has enough audio for that to pay. Stateless.
 */
final class ConcurrentBranches {
  private ConcurrentBranches() {}

  /**
   * {@return whether concurrency pays: every component has at least a second of audio to work
   * through}
   */
  static boolean pay(List<List<PlannedNode>> components, Map<String, AudioBuffer> inputs) {
    for (List<PlannedNode> component : components) {
      long frames = 0;
      for (PlannedNode node : component) {
        if (node.graphNode.isSource()) {
          frames += inputs.get(node.id()).frameCount();
        }
      }
      if (frames < component.get(0).inputFormat.sampleRateHz()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs each component on its own thread (the first on the caller's), then waits for all,
   * also when one has failed. A failure or an interrupt of the caller cancels the others within
   * one chunk.
   *
   * @return the CPU nanoseconds and bytes allocated by the other threads
   */
  static long[] run(Executor branchExecutor, ExecutionPlan plan,
      List<List<PlannedNode>> components, Map<String, AudioBuffer> inputs,
      GraphRun.SinkOutput collect, long startNanos, ExecutionLimits limits) {
    Thread caller = Thread.currentThread();
    AtomicBoolean stop = new AtomicBoolean();
    BooleanSupplier cancelled = () -> stop.get() || caller.isInterrupted();
    List<CompletableFuture<long[]>> others = new ArrayList<>();
    for (List<PlannedNode> component : components.subList(1, components.size())) {
      others.add(CompletableFuture.supplyAsync(() -> {
        long cpu = ThreadCost.cpuNanos();
        long allocated = ThreadCost.allocatedBytes();
        runComponent(plan, component, inputs, collect, startNanos, limits, cancelled);
        return new long[] {ThreadCost.cpuNanos() - cpu, ThreadCost.allocatedBytes() - allocated};
      }, branchExecutor));
    }
    PipelineException failure = null;
    boolean firstRan = false;
    long[] totals = {0, 0};
    CompletionException unexpected;
    try {
      runComponent(plan, components.get(0), inputs, collect, startNanos, limits, cancelled);
      firstRan = true;
    } catch (PipelineException e) {
      failure = e;
    } finally {
      if (!firstRan) {
        stop.set(true);
      }
      // Also when a node's bug (not a PipelineException) is on its way to the caller: the
      // caller then gives the plan's memory and slot back, so the other branches leave first.
      unexpected = awaitAll(others, stop, totals);
    }
    if (failure != null) {
      throw failure;
    }
    if (unexpected != null) {
      throw unexpected.getCause() instanceof PipelineException branchFailure
          ? branchFailure : unexpected;
    }
    return totals;
  }

  /**
   * Waits for every branch, also after one has failed (the first failure stops the others
   * within one chunk), adding their costs to {@code totals}.
   *
   * @return the first branch's failure, or null
   */
  private static CompletionException awaitAll(List<CompletableFuture<long[]>> others,
      AtomicBoolean stop, long[] totals) {
    CompletionException first = null;
    for (CompletableFuture<long[]> other : others) {
      try {
        long[] cost = other.join();
        totals[0] += cost[0];
        totals[1] += cost[1];
      } catch (CompletionException e) {
        stop.set(true);
        first = first == null ? e : first;
      }
    }
    return first;
  }

  private static void runComponent(ExecutionPlan plan, List<PlannedNode> component,
      Map<String, AudioBuffer> inputs, GraphRun.SinkOutput collect, long startNanos,
      ExecutionLimits limits, BooleanSupplier cancelled) {
    GraphRun run = new GraphRun(plan, component, collect, startNanos, limits.timeoutMs(),
        cancelled);
    for (PlannedNode node : component) {
      if (node.graphNode.isSource()) {
        AudioBuffer input = inputs.get(node.id());
        run.push(node, input.samples(), 0, input.frameCount());
      }
    }
    run.finish();
  }
}
