package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flow-control credit the real server on loopback gives a client, as its SETTINGS and
 * WINDOW_UPDATE frames say before the client sends any data: a unary ExecutePipeline call may
 * send 4 MiB at once and so may the connection, while a stream and every other call keep the
 * configured window ({@code server.flow_control_window_bytes}, 512 KiB by default); a
 * configured window over 2 MiB is kept for all. Counted both when the client acknowledges the
 * server's SETTINGS before its call and after it.
 */
class UnaryRequestWindowTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String STREAM = "/remotemedia.v1.PipelineService/StreamPipeline";
  private static final String EXPLAIN = "/remotemedia.v1.PipelineService/ExplainPipeline";
  /** The figures, written here rather than read from the classes under test. */
  private static final long FOUR_MIB = 4L * 1024 * 1024;
  private static final long DEFAULT_WINDOW = 512L * 1024;

  @TempDir Path dir;

  @Test
  void unaryExecuteCall_mayStartWithFourMebibytes_onTheDefaultConfiguration() throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.startWithDefaults(dir)) {
      RawHttp2.Credit credit = RawHttp2.creditAfterHeaders(server.port(), EXECUTE, true);

      assertThat(credit.stream()).isEqualTo(FOUR_MIB);
      assertThat(credit.connection()).isEqualTo(FOUR_MIB);
    }
  }

  @Test
  void unaryExecuteCall_getsFourMebibytes_whenItsClientAcknowledgesSettingsAfterIt()
      throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.startWithDefaults(dir)) {
      RawHttp2.Credit credit = RawHttp2.creditAfterHeaders(server.port(), EXECUTE, false);

      assertThat(credit).isEqualTo(new RawHttp2.Credit(FOUR_MIB, FOUR_MIB));
    }
  }

  @Test
  void streamCall_keepsTheConfiguredWindow_onAConnectionOfFourMebibytes() throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.startWithDefaults(dir)) {
      RawHttp2.Credit credit = RawHttp2.creditAfterHeaders(server.port(), STREAM, true);

      assertThat(credit.stream()).isEqualTo(DEFAULT_WINDOW);
      assertThat(credit.connection()).isEqualTo(FOUR_MIB);
    }
  }

  @Test
  void otherUnaryCalls_keepTheConfiguredWindow() throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.startWithDefaults(dir)) {
      assertThat(RawHttp2.creditAfterHeaders(server.port(), EXPLAIN, true).stream())
          .isEqualTo(DEFAULT_WINDOW);
    }
  }

  @ParameterizedTest(name = "configured {0} bytes")
  @ValueSource(longs = {3L * 1024 * 1024, 8L * 1024 * 1024})
  void configuredWindowOverTwoMebibytes_isKeptForEveryCall(long window) throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.start(dir, """
        server:
          port: 0
          flow_control_window_bytes: %d
        metrics:
          enabled: false
        """.formatted(window))) {
      for (boolean settingsAckedFirst : new boolean[] {true, false}) {
        RawHttp2.Credit unary =
            RawHttp2.creditAfterHeaders(server.port(), EXECUTE, settingsAckedFirst);
        RawHttp2.Credit stream =
            RawHttp2.creditAfterHeaders(server.port(), STREAM, settingsAckedFirst);

        assertThat(unary).isEqualTo(new RawHttp2.Credit(window, window));
        assertThat(stream).isEqualTo(new RawHttp2.Credit(window, window));
      }
    }
  }

  @Test
  void configuredWindowOfTwoMebibytes_isGrownForUnaryCalls() throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.start(dir, """
        server:
          port: 0
          flow_control_window_bytes: 2097152
        metrics:
          enabled: false
        """)) {
      assertThat(RawHttp2.creditAfterHeaders(server.port(), EXECUTE, false))
          .isEqualTo(new RawHttp2.Credit(FOUR_MIB, FOUR_MIB));
      assertThat(RawHttp2.creditAfterHeaders(server.port(), STREAM, true).stream())
          .isEqualTo(2L * 1024 * 1024);
    }
  }

  @Test
  void smallerConfiguredWindow_staysForStreams_whileUnaryCallsGetFourMebibytes()
      throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.start(dir, """
        server:
          port: 0
          flow_control_window_bytes: 65535
        metrics:
          enabled: false
        """)) {
      assertThat(RawHttp2.creditAfterHeaders(server.port(), STREAM, true).stream()).isEqualTo(65_535);
      assertThat(RawHttp2.creditAfterHeaders(server.port(), EXECUTE, true).stream())
          .isEqualTo(FOUR_MIB);
    }
  }
}
