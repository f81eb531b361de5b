package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run of empty DATA frames, against the real server on loopback as its configuration
 * assembles it: past 16 in a row the connection is closed with GOAWAY ENHANCE_YOUR_CALM, and
 * other connections are served; a request with up to 16 between its parts is answered.
 */
class EmptyDataFramesTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String GET_VERSION = "/remotemedia.v1.PipelineService/GetVersion";
  /** The limit, written here rather than read from the class under test. */
  private static final int MAX_IN_A_ROW = 16;

  @TempDir Path dir;
  private ConfiguredLoopback server;

  @BeforeEach
  void start() throws Exception {
    server = ConfiguredLoopback.startWithDefaults(dir);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @ParameterizedTest(name = "END_STREAM on the last: {0}")
  @ValueSource(booleans = {false, true})
  void emptyDataFlood_onAnOpenCall_closesTheConnectionWithEnhanceYourCalm(boolean endStream)
      throws Exception {
    // Before the limit a million of these were read to the end, about 0.85 s of server CPU.
    int frames = 100_000;

    RawHttp2.ConnectionEnd end = RawHttp2.send(server.port(), EXECUTE, out -> {
      out.headers(1);
      for (int i = 0; i < frames; i++) {
        out.frame(RawHttp2.DATA, 0, 1, new byte[0]);
      }
      if (endStream) {
        out.frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1, new byte[0]);
      }
    }, 0);

    assertThat(end.goAwayCode()).hasValue(Http2Error.ENHANCE_YOUR_CALM.code());
    assertThat(RawHttp2.call(server.port(), GET_VERSION,
        List.of(RawHttp2.grpcFrame(new byte[0]))).grpcStatus()).isEqualTo("0");
  }

  @Test
  void emptyDataFramesOneOverTheLimit_spreadOverStreams_closeTheConnection() throws Exception {
    RawHttp2.ConnectionEnd end = RawHttp2.send(server.port(), EXECUTE, out -> {
      for (int stream = 1; stream <= 2 * MAX_IN_A_ROW + 1; stream += 2) {
        out.headers(stream);
      }
      for (int i = 0; i <= MAX_IN_A_ROW; i++) {
        out.frame(RawHttp2.DATA, 0, 1 + 2 * i, new byte[0]);
      }
    }, 0);

    assertThat(end.goAwayCode()).hasValue(Http2Error.ENHANCE_YOUR_CALM.code());
  }

  @Test
  void emptyDataFramesUpToTheLimit_insideARequest_leaveItAnswered() throws Exception {
    // GetVersionRequest with an unknown field 1000 of 50 bytes, which the server skips.
    byte[] message = new byte[53];
    message[0] = (byte) 0xC2;
    message[1] = 0x3E;
    message[2] = 50;
    byte[] body = RawHttp2.grpcFrame(message);
    List<byte[]> frames = new ArrayList<>();
    frames.add(Arrays.copyOfRange(body, 0, 10));
    for (int i = 0; i < MAX_IN_A_ROW; i++) {
      frames.add(new byte[0]);
    }
    frames.add(Arrays.copyOfRange(body, 10, body.length));

    assertThat(RawHttp2.call(server.port(), GET_VERSION, frames).grpcStatus()).isEqualTo("0");
  }
}
