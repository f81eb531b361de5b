package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.NettyTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2's "rapid reset" (CVE-2023-44487) against the real server on loopback: a connection
 * that opens calls and resets each at once is closed once it passes the limit, and other
 * connections are served.
 */
class RapidResetTest {
  private static final String GET_VERSION = "/remotemedia.v1.PipelineService/GetVersion";

  private NettyTransport transport;
  private RemoteMediaServer server;

  @BeforeEach
  void start() throws Exception {
    transport = NettyTransport.create(ConnectionSettings.defaults());
    server = new RemoteMediaServer(
        transport.serverBuilder(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(5));
    transport.close();
  }

  @Test
  void resetsPastTheLimit_closeTheConnectionWithEnhanceYourCalm() throws Exception {
    int limit = ConnectionSettings.defaults().maxResetsPerWindow();

    // HTTP/2's ENHANCE_YOUR_CALM is 0xb.
    assertThat(RawHttp2.resetCalls(server.port(), GET_VERSION, limit + 50, 5_000))
        .hasValue(0xb);
    // Another connection is served.
    assertThat(RawHttp2.call(server.port(), GET_VERSION,
        List.of(RawHttp2.grpcFrame(new byte[0]))).grpcStatus()).isEqualTo("0");
  }

  @Test
  void resetsWithinTheLimit_leaveTheConnectionOpen() throws Exception {
    int limit = ConnectionSettings.defaults().maxResetsPerWindow();

    assertThat(RawHttp2.resetCalls(server.port(), GET_VERSION, limit / 2, 1_000)).isEmpty();
  }
}
