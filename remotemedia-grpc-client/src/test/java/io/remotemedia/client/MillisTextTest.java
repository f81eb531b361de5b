package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MillisTextTest {
  @Test
  void of_wholeMilliseconds_hasNoDecimals() {
    assertThat(MillisText.of(Duration.ofSeconds(60))).isEqualTo("60000 ms");
    assertThat(MillisText.of(Duration.ofMillis(1))).isEqualTo("1 ms");
  }

  @Test
  void of_underOneMillisecond_tellsTheFractionRatherThanZero() {
    assertThat(MillisText.of(Duration.ofNanos(400_000))).isEqualTo("0.4 ms");
    assertThat(MillisText.of(Duration.ofNanos(1))).isEqualTo("0.000001 ms");
  }

  @Test
  void of_aFractionAboveOneMillisecond_keepsIt() {
    assertThat(MillisText.of(Duration.ofNanos(1_250_000))).isEqualTo("1.25 ms");
  }
}
