package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyTransportTest {
  private NettyTransport transport;
  private RemoteMediaServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
    if (transport != null) {
      transport.close();
    }
  }

  @Test
  void create_onLinuxX86_64_usesNativeEpoll() {
    boolean linuxX64 = System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64");

    transport = NettyTransport.create(ConnectionSettings.defaults());

    // The linux-x86_64 epoll jar ships with the server, so there it must load.
    if (linuxX64) {
      assertThat(Epoll.isAvailable()).as("native epoll loads: %s", Epoll.unavailabilityCause())
          .isTrue();
      assertThat(transport.kind()).isEqualTo(NettyTransport.Kind.EPOLL);
    } else {
      assertThat(transport.kind()).isEqualTo(NettyTransport.Kind.NIO);
    }
  }

  @Test
  void serverBuilder_withDefaults_servesCallsFromTheSdk() throws Exception {
    startServer();

    try (RemoteMediaClient client = sdkClient()) {
      assertThat(client.serverInfo().compatible()).isTrue();
    }
  }

  @Test
  void drain_sdkConnectionIdleAfterItsCall_closedByTheServerAfterPeerFirstMs() throws Exception {
    startServer();

    try (RemoteMediaClient client = sdkClient()) {
      assertThat(client.serverInfo().compatible()).isTrue();
      long start = System.nanoTime();
      server.shutdown(Duration.ofSeconds(5));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      server = null;

      // grpc-java (the SDK) keeps a GOAWAY'd connection whose calls have ended open until the
      // server's FIN: the drain waits PEER_FIRST_MS for a close that does not come, then the
      // FIN ends the connection well before the linger cap.
      assertThat(tookMs).as("drain with one idle SDK connection, ms")
          .isGreaterThanOrEqualTo(NettyTransport.PEER_FIRST_MS)
          .isLessThan(NettyTransport.LINGER_MS);
    }
  }

  @Test
  void connectionSettings_permitKeepAliveTime_fitsTheSdkDefault() {
    assertThat(ConnectionSettings.defaults().permitKeepAliveTime())
        .isLessThanOrEqualTo(RemoteMediaClient.DEFAULT_KEEP_ALIVE_TIME);
  }

  @Test
  void connectionSettings_zeroDuration_namesTheField() {
    assertThatThrownBy(() -> new ConnectionSettings(Duration.ofMinutes(2),
        Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(5),
        Duration.ofSeconds(10), 100, 1_000, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectionAge must be positive, was PT0S");
  }

  @Test
  void connectionSettings_resetWindowOfPartSeconds_isRefused() {
    assertThatThrownBy(() -> new ConnectionSettings(Duration.ofMinutes(2),
        Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMinutes(30),
        Duration.ofMinutes(5), Duration.ofSeconds(10), 100, 1_000,
        Duration.ofSeconds(10).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resetWindow must be whole seconds, was PT10.000000001S");
  }

  private void startServer() throws Exception {
    transport = NettyTransport.create(ConnectionSettings.defaults());
    server = new RemoteMediaServer(
        transport.serverBuilder(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
  }

  private RemoteMediaClient sdkClient() {
    return RemoteMediaClient.builder().target("127.0.0.1:" + server.port()).build();
  }
}
