package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SETTINGS frames sent over and over, against the real server on loopback as its
 * configuration assembles it: past 100 within 10 s the connection is closed with GOAWAY
 * ENHANCE_YOUR_CALM, while a client that sends up to 100 and a grpc-java client are served.
 */
class SettingsFloodTest {
  private static final String GET_VERSION = "/remotemedia.v1.PipelineService/GetVersion";
  /** The limit, written here rather than read from the class under test. */
  private static final int MAX_PER_WINDOW = 100;

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

  @Test
  void settingsFlood_closesTheConnectionWithEnhanceYourCalm() throws Exception {
    // 2,000 acknowledgements stay below grpc's limit of 10,000 unsent control frames, so
    // only the SETTINGS limit can end this connection. Before it, the client read the
    // acknowledgements until its read timed out.
    assertThat(RawHttp2.sendUntilClosed(server.port(), GET_VERSION, out -> {
      for (int i = 0; i < 2_000; i++) {
        out.frame(RawHttp2.SETTINGS, 0, 0, new byte[0]);
      }
    })).hasValue(Http2Error.ENHANCE_YOUR_CALM.code());

    assertThat(RawHttp2.call(server.port(), GET_VERSION,
        List.of(RawHttp2.grpcFrame(new byte[0]))).grpcStatus()).isEqualTo("0");
  }

  @Test
  void settingsUpToTheLimit_leaveTheConnectionServing() throws Exception {
    // The call's own preface sends one SETTINGS frame; these make up the limit.
    RawHttp2.Result result = RawHttp2.call(server.port(), GET_VERSION, out -> {
      for (int i = 1; i < MAX_PER_WINDOW; i++) {
        // SETTINGS_MAX_CONCURRENT_STREAMS 100, as a client may send it again and again.
        out.frame(RawHttp2.SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 0, 100});
      }
    }, List.of(RawHttp2.grpcFrame(new byte[0])));

    assertThat(result.goAway()).isFalse();
    assertThat(result.grpcStatus()).isEqualTo("0");
  }

  @Test
  void grpcJavaClient_isServed() {
    PipelineServiceGrpc.PipelineServiceBlockingStub stub =
        PipelineServiceGrpc.newBlockingStub(server.channel());
    for (int i = 0; i < 20; i++) {
      assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS)
          .getVersion(VersionRequest.getDefaultInstance()).getProtocolVersion()).isNotEmpty();
    }
  }
}
