package io.remotemedia.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestMatchTest {
  @Test
  void among_oneEditAway_isSuggested() {
    assertThat(ClosestMatch.among("gian_db", List.of("gain_db", "frequency_hz")))
        .contains("gain_db");
    assertThat(ClosestMatch.hint("Gian", List.of("Gain"))).isEqualTo(" (did you mean \"Gain\"?)");
  }

  @Test
  void among_namesUpToTheLengthLimit_areCompared_longerOnesNot() {
    String atLimit = "n".repeat(ClosestMatch.MAX_LENGTH - 1) + "a";
    String overLimit = "n".repeat(ClosestMatch.MAX_LENGTH) + "a";

    assertThat(ClosestMatch.among(atLimit.replace('a', 'b'), List.of(atLimit)))
        .as("%d characters, one edit away", ClosestMatch.MAX_LENGTH).contains(atLimit);
    assertThat(ClosestMatch.among(overLimit.replace('a', 'b'), List.of(overLimit)))
        .as("%d characters", ClosestMatch.MAX_LENGTH + 1).isEmpty();
    assertThat(ClosestMatch.among("nnnb", List.of(overLimit, "nnna")))
        .as("a long candidate is skipped, a short one still found").contains("nnna");
  }
}
