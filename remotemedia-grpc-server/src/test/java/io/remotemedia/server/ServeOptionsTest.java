package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServeOptionsTest {

  @Test
  void parse_noArguments_givesTheEmbeddedDefaults() {
    assertThat(ServeOptions.parse(new String[0]))
        .isEqualTo(new ServeOptions("127.0.0.1", 50051, false));
  }

  @Test
  void parse_serveWithHostAndPort_setsThem() {
    assertThat(ServeOptions.parse(new String[] {"serve", "--host", "0.0.0.0", "--port", "0"}))
        .isEqualTo(new ServeOptions("0.0.0.0", 0, false));
  }

  @Test
  void parse_metricsPort_setsIt() {
    assertThat(ServeOptions.parse(new String[] {"--metrics-port", "0"}))
        .isEqualTo(new ServeOptions("127.0.0.1", 50051, false, 0));
    assertThat(ServeOptions.parse(new String[0]).metricsPort()).isEqualTo(9090);
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--metrics-port", "-1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--metrics-port must be in [0, 65535], was -1");
  }

  @Test
  void parse_badPort_namesTheOptionAndValue() {
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--port", "http"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port must be a number, was \"http\"");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--port", "70000"}))
        .hasMessage("--port must be in [0, 65535], was 70000");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--port"}))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--verbose"}))
        .hasMessage("unknown argument \"--verbose\"");
  }
}
