package io.remotemedia.pipeline;

/**
 * Decides the limits a runner's request runs under, from what the request asks for. A unary
 * execution, an explanation and a stream's plan take the request's limits, its unset ones (0)
 * from the runner's defaults, each capped by the runner's maximums. A stream's timeout is
 * instead its session's longest duration: the request's, or the runner's stream maximum when
 * unset, and at most that maximum. Immutable.
 *
 * <pre>{@code
 * LimitResolver limits = new LimitResolver(defaults, maximums, 3_600_000);
 * ExecutionLimits run = limits.forExecution(request.limits());
 * }</pre>
 */
final class LimitResolver {
  private final ExecutionLimits defaults;
  private final ExecutionLimits maximums;
  private final long maxStreamDurationMs;

  /**
   * @param defaults the limits of a request that sets none (0 values)
   * @param maximums the caps on every limit, requested or default
   * @param maxStreamDurationMs the longest a stream may stay open, in ms; at least 1
   */
  LimitResolver(ExecutionLimits defaults, ExecutionLimits maximums, long maxStreamDurationMs) {
    this.defaults = defaults;
    this.maximums = maximums;
    this.maxStreamDurationMs = maxStreamDurationMs;
  }

  /** {@return a resolver with other defaults and maximums, and the same stream duration} */
  LimitResolver withLimits(ExecutionLimits newDefaults, ExecutionLimits newMaximums) {
    return new LimitResolver(newDefaults, newMaximums, maxStreamDurationMs);
  }

  /**
   * {@return the limits of a unary execution, an explanation or a stream's plan}
   *
   * @param requested the limits the request asked for; 0 values are unset
   */
  ExecutionLimits forExecution(ExecutionLimits requested) {
    return requested.resolve(defaults, maximums);
  }

  /**
   * {@return the limits of a stream: memory and input as for an execution, and as timeout the
   * session's longest duration}
   *
   * @param requested the limits the stream asked for; 0 values are unset
   */
  ExecutionLimits forStream(ExecutionLimits requested) {
    ExecutionLimits resolved = forExecution(requested);
    ExecutionLimits duration = requested.withTimeoutAtMost(maxStreamDurationMs);
    return new ExecutionLimits(duration.timeoutMs(), resolved.maxMemoryBytes(),
        resolved.maxInputSamples());
  }

  /**
   * {@return how long, in ms, a stream may wait for an execution slot to plan its pipeline: its
   * timeout as an execution's, and at most its own session's}
   *
   * @param requested the limits the stream asked for; 0 values are unset
   */
  long streamPlanningWaitMs(ExecutionLimits requested) {
    return Math.min(forExecution(requested).timeoutMs(), forStream(requested).timeoutMs());
  }
}
