package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How long a stream may wait for an execution slot to plan: the shorter of its two limits. */
class LimitResolverTest {
  private static final ExecutionLimits DEFAULTS =
      new ExecutionLimits(/* timeoutMs= */ 30_000, 0, 0);

  @Test
  void streamPlanningWaitMs_executionTimeoutShorterThanTheStream_isTheExecutionTimeout() {
    LimitResolver limits = new LimitResolver(DEFAULTS, ExecutionLimits.UNSET,
        /* maxStreamDurationMs= */ 600_000);

    assertThat(limits.streamPlanningWaitMs(ExecutionLimits.UNSET)).isEqualTo(30_000);
  }

  @Test
  void streamPlanningWaitMs_streamDurationShorterThanTheExecutionTimeout_isTheStreamDuration() {
    LimitResolver limits = new LimitResolver(DEFAULTS, ExecutionLimits.UNSET,
        /* maxStreamDurationMs= */ 200);

    assertThat(limits.streamPlanningWaitMs(ExecutionLimits.UNSET)).isEqualTo(200);
  }

  @Test
  void streamPlanningWaitMs_requestedTimeout_boundsBoth() {
    LimitResolver limits = new LimitResolver(DEFAULTS, ExecutionLimits.UNSET,
        /* maxStreamDurationMs= */ 600_000);

    assertThat(limits.streamPlanningWaitMs(new ExecutionLimits(/* timeoutMs= */ 700, 0, 0)))
        .isEqualTo(700);
  }
}
