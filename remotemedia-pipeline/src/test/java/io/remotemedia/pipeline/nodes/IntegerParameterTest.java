package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntegerParameterTest {
  @Test
  void range_allowsEveryValueInIt() {
    IntegerParameter range = new IntegerParameter("n", 2, 1, 4, "a count");

    assertThat(range.allowedText()).isEqualTo("[1, 4]");
    assertThat(range.allows(3)).isTrue();
  }

  @Test
  void oneOf_whoseDefaultIsNotAmongItsValues_isRefused() {
    assertThatThrownBy(() -> IntegerParameter.oneOf("frame_ms", 15, "ms", 10, 20, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame_ms: values [10, 20, 30] must ascend from min 10 to max 30 and hold"
            + " the default 15");
  }

  @Test
  void oneOf_withValuesOutOfOrder_isRefused() {
    assertThatThrownBy(() -> IntegerParameter.oneOf("frame_ms", 10, "ms", 10, 30, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must ascend");
  }
}
