package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
  private static final ServerSettings DEFAULTS = new ServerSettings(/* bytes= */ 1 << 20);

  @Test
  void withRequestArrival_notAPositiveWholeNumberOfMs_namesTheField() {
    for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofMillis(-1),
        Duration.ofNanos(1_500_000), Duration.ofSeconds(Long.MAX_VALUE)}) {
      assertThatThrownBy(() -> DEFAULTS.withRequestArrival(1, 1, timeout))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("requestArrivalTimeout must be");
    }
  }

  @Test
  void withRequestArrival_perConnectionAboveTheWholeServer_namesBoth() {
    assertThatThrownBy(() -> DEFAULTS.withRequestArrival(4, 5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCallsAwaitingRequestPerConnection must be from 1 to"
            + " maxCallsAwaitingRequest (4), was 5");
  }

  @Test
  void withRequestArrival_aLongWholeNumberOfMs_isKept() {
    // 300 years: more nanoseconds than a long holds, but a whole number of milliseconds.
    Duration timeout = Duration.ofDays(300L * 365);

    assertThat(DEFAULTS.withRequestArrival(1, 1, timeout).requestArrivalTimeout())
        .isEqualTo(timeout);
  }

  @Test
  void flowControlWindowBytes_outsideItsRange_namesTheFieldTheRangeAndTheValue() {
    for (int window : new int[] {65_534, 16 * 1024 * 1024 + 1}) {
      assertThatThrownBy(() -> new ServerSettings(1 << 20, 0, 1, 1, Duration.ofSeconds(1),
          1 << 20, window))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("flowControlWindowBytes must be from 65535 to 16777216, was " + window);
    }
    assertThat(DEFAULTS.withRequestArrival(1, 1, Duration.ofSeconds(1))
        .flowControlWindowBytes()).isEqualTo(512 * 1024);
  }
}
