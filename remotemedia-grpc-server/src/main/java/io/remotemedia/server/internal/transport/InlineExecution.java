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
 * ({@code server.inline_max_node_samples}): those whose audio inputs are all PCM and whose
 * input samples (frames x channels, over every input) times the manifest's node count are at
 * most {@code maxNodeSamples}, while the call is alone on the server (no other ExecutePipeline
 * call in flight, {@link ExecuteCallsInFlight}, and no stream open), and only when an
 * execution slot is free at once. Being alone keeps calls that overlap, even on one
 * connection, in parallel on workers rather than one after another on their connection's
 * transport thread, and keeps the chunks of live streams, which transport threads also serve,
 * from waiting behind a request. They skip the hand-off to a worker and the hand-back of the
 * response (docs/performance.md, "Unary requests on the transport thread"). While such a
 * request runs, its transport thread serves no other call, hence a bound on the work: every
 * built-in node's cost grows with the samples it processes. Immutable.
 *
 * <pre>{@code
 * InlineExecution inline = InlineExecution.upTo(480_000, localRunner::tryExecute,
 *     () -> inFlight.count() <= 1 && streams.openCount() == 0);
 * }</pre>
 */
public final class InlineExecution {
  /** Every request runs on a worker. */
  public static final InlineExecution OFF =
      new InlineExecution(0, request -> Optional.empty(), () -> false);

  private final long maxNodeSamples;
  private final ImmediateRunner runner;
  private final BooleanSupplier alone;

  private InlineExecution(long maxNodeSamples, ImmediateRunner runner, BooleanSupplier alone) {
    this.maxNodeSamples = maxNodeSamples;
    this.runner = runner;
    this.alone = alone;
  }

  /**
   * {@return the policy that runs PCM requests of at most {@code maxNodeSamples} input samples
   * times nodes inline}
   *
   * @param maxNodeSamples the most input samples (frames x channels, over every input) times
   *     the manifest's node count; 0 is {@link #OFF}
   * @param runner runs a request at once if a slot is free, or returns empty without waiting
   * @param alone whether the asking call is alone on the server: no other ExecutePipeline call
   *     in flight ({@link ExecuteCallsInFlight#count} counts the asking one too) and no stream
   *     open
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
   * {@return whether {@code request} is small enough to try on the transport thread, and alone}
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

  /** Runs {@code request} here if an execution slot is free now; empty (nothing ran) if not. */
  Optional<ExecutionResult> tryExecute(ExecutionRequest request) {
    return runner.tryExecute(request);
  }

  /** Runs a request at once on the calling thread if it can start without waiting. */
  @FunctionalInterface
  public interface ImmediateRunner {
    /**
     * {@return the result, or empty when no execution slot was free (nothing ran)}
     *
     * @param request the decoded request
     */
    Optional<ExecutionResult> tryExecute(ExecutionRequest request);
  }
}
