package io.remotemedia.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainSettingsTest {

  @Test
  void defaults_haveNoPreStopDelayAndA30sGrace() {
    assertThat(DrainSettings.defaults())
        .isEqualTo(new DrainSettings(Duration.ZERO, Duration.ofSeconds(30)));
  }

  @Test
  void constructor_negativeDuration_namesTheField() {
    assertThatThrownBy(() -> new DrainSettings(Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preStopDelay must not be negative, was PT-1S");
    assertThatThrownBy(() -> new DrainSettings(Duration.ZERO, Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grace must not be negative, was PT-0.005S");
  }
}
