package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionLimitsTest {

  @Test
  void resolve_unsetTakesTheDefaultAndEveryValueIsCapped() {
    ExecutionLimits defaults = new ExecutionLimits(1000, 2000, 3000);
    ExecutionLimits maximums = new ExecutionLimits(5000, 1500, 0);

    assertThat(new ExecutionLimits(0, 9000, 7000).resolve(defaults, maximums))
        .isEqualTo(new ExecutionLimits(1000, 1500, 7000));
  }

  @Test
  void withTimeoutAtMost_unsetTimeout_takesTheMaximum() {
    assertThat(new ExecutionLimits(0, 10, 20).withTimeoutAtMost(700))
        .isEqualTo(new ExecutionLimits(700, 10, 20));
  }

  @Test
  void withTimeoutAtMost_setTimeout_isTheSmallerOfTheTwo() {
    assertThat(new ExecutionLimits(300, 10, 20).withTimeoutAtMost(700).timeoutMs())
        .isEqualTo(300);
    assertThat(new ExecutionLimits(900, 10, 20).withTimeoutAtMost(700).timeoutMs())
        .isEqualTo(700);
  }

  @Test
  void withTimeoutAtMost_maximumBelowOne_isRejected() {
    assertThatThrownBy(() -> ExecutionLimits.UNSET.withTimeoutAtMost(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumMs must be >= 1, was 0");
  }
}
