package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Which ExecutePipeline requests run on the transport thread that read them
 * ({@code server.inline_max_node_samples}): those whose audio inputs are all PCM and whose work
 * is at most {@code maxNodeSamples}, while the call is alone on the server (no other
 * ExecutePipeline or ExplainPipeline call in flight, {@link PipelineCallsInFlight}, and no
 * stream open), and only
 * when an execution slot is free at once. The work is the samples (frames x channels) each
 * node takes in or puts out, the larger, summed over the nodes, which the runner knows once it
 * has planned the formats ({@link ImmediateRunner}); before decoding, a request whose input
 * samples times the manifest's node count are over the bound is left to a worker, so that
 * neither decoding nor planning a large request happens on the transport thread. Being alone
 * keeps calls that overlap, even on one connection, in parallel on workers rather than one
 * after another on their connection's transport thread, and keeps the chunks of live streams,
 * which transport threads also serve, from waiting behind a request. They skip the hand-off to
 * a worker and the hand-back of the response (docs/performance.md, "Unary requests on the
 * transport thread"). While such a request runs, its transport thread serves no other call,
 * hence a bound on the work: every built-in node's cost grows with the samples it takes in or
 * puts out. Immutable.
 *
 * <pre>{@code
 * InlineExecution inline = InlineExecution.upTo(48_000, localRunner::tryExecute,
 *     () -> inFlight.count() <= 1 && streams.openCount() == 0);
 * }</pre>
 */
public final class InlineExecution {
  /** Every request runs on a worker. */
  public static final InlineExecution OFF =
      new InlineExecution(0, (request, maxNodeSamples) -> Optional.empty(), () -> false);

  private final long maxNodeSamples;
  private final ImmediateRunner runner;
  private final BooleanSupplier alone;

  private InlineExecution(long maxNodeSamples, ImmediateRunner runner, BooleanSupplier alone) {
    this.maxNodeSamples = maxNodeSamples;
    this.runner = runner;
    this.alone = alone;
  }

  /**
   * {@return the policy that runs PCM requests of at most {@code maxNodeSamples} work inline}
   *
   * @param maxNodeSamples the most work: samples in or out of each node, the larger, summed
   *     over the nodes; 0 is {@link #OFF}
   * @param runner runs a request at once if a slot is free, or returns empty without waiting
   * @param alone whether the asking call is alone on the server: no other ExecutePipeline or
   *     ExplainPipeline call in flight ({@link PipelineCallsInFlight#count} counts the asking
   *     one too) and no stream open
   * @throws IllegalArgumentException if {@code maxNodeSamples} is negative
   */
  public static InlineExecution upTo(long maxNodeSamples, ImmediateRunner runner,
      BooleanSupplier alone) {
    if (maxNodeSamples < 0) {
      throw new IllegalArgumentException("maxNodeSamples must be >= 0, was " + maxNodeSamples);
    }
    return maxNodeSamples == 0 ? OFF
        : new InlineExecution(maxNodeSamples, Objects.requireNonNull(runner, "runner"),
            Objects.requireNonNull(alone, "alone"));
  }

  /**
   * {@return whether {@code request} is worth decoding here: PCM, input samples times nodes
   * within the bound, and alone} The runner checks the planned work after decoding ({@link
   * #tryExecute}): a node that raises the rate or adds channels can take it over the bound.
   */
  boolean admits(ExecuteRequest request) {
    if (maxNodeSamples == 0 || !alone.getAsBoolean()) {
      return false;
    }
    OptionalLong samples = ExecutionWire.pcmSampleCount(request);
    long nodes = Math.max(1, request.getManifest().getNodesCount());
    // samples <= Integer.MAX_VALUE (message bytes) and the node count is an int: no overflow.
    return samples.isPresent() && samples.getAsLong() * nodes <= maxNodeSamples;
  }

  /**
   * Runs {@code request} here if an execution slot is free now and its work is within the
   * bound; empty (nothing ran) if not.
   */
  Optional<ExecutionResult> tryExecute(ExecutionRequest request) {
    return runner.tryExecute(request, maxNodeSamples);
  }

  /** Runs a request at once on the calling thread if it can start without waiting. */
  @FunctionalInterface
  public interface ImmediateRunner {
    /**
     * {@return the result, or empty when no execution slot was free or the request's work is
     * over {@code maxNodeSamples} (nothing ran)}
     *
     * @param request the decoded request
     * @param maxNodeSamples the most work run: samples in or out of each node, the larger,
     *     summed over the nodes
     */
    Optional<ExecutionResult> tryExecute(ExecutionRequest request, long maxNodeSamples);
  }
}
