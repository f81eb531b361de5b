package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

  @Test
  void parse_noArguments_leavesEverythingToTheConfiguration() {
    assertThat(ServeOptions.parse(new String[0])).isEqualTo(
        new ServeOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(), false,
            OptionalInt.empty()));
  }

  @Test
  void parse_serveWithHostPortAndConfig_setsThem() {
    assertThat(ServeOptions.parse(new String[] {"serve", "--host", "0.0.0.0", "--port", "0",
        "--config", "server.yaml"}))
        .isEqualTo(new ServeOptions(Optional.of("0.0.0.0"), OptionalInt.of(0),
            Optional.of(Path.of("server.yaml")), false, OptionalInt.empty()));
  }

  @Test
  void parse_metricsPort_setsIt() {
    assertThat(ServeOptions.parse(new String[] {"--metrics-port", "0"}))
        .isEqualTo(new ServeOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(),
            false, OptionalInt.of(0)));
    assertThat(ServeOptions.parse(new String[0]).metricsPort()).isEmpty();
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
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--config"}))
        .hasMessage("--config needs a value");
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--verbose"}))
        .hasMessage("unknown argument \"--verbose\"");
  }

  @Test
  void parse_optionGivenTwice_isRefusedNamingIt() {
    assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--port", "1", "--port", "2"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port is given twice; give it once");
  }
}
