package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

  @Test
  void defaults_areEnabledOnPort9090AtTheGrpcHost() {
    MetricsSettings defaults = MetricsSettings.defaults();

    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.port()).isEqualTo(9090);
    assertThat(defaults.hostOr("10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(new MetricsSettings(true, "127.0.0.1", 0).hostOr("0.0.0.0"))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void constructor_badPortOrBlankHost_namesTheProblem() {
    assertThatThrownBy(() -> new MetricsSettings(true, null, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics port must be in [0, 65535], was 70000");
    assertThatThrownBy(() -> new MetricsSettings(true, " ", 9090))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics host must not be blank; omit it to use the gRPC host");
  }
}
