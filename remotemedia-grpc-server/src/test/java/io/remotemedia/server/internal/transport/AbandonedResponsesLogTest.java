package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends many calls, reads none of their answers and closes its connection costs
 * the server's log nothing per call, on the real server over loopback.
 */
class AbandonedResponsesLogTest {
  private static final int CALLS = 200;

  private final CollectorRegistry registry = new CollectorRegistry();
  private final List<LogRecord> handlerRecords = new CopyOnWriteArrayList<>();
  private final Handler recorder = new Handler() {
    @Override
    public void publish(LogRecord record) {
      handlerRecords.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger handlerLog = Logger.getLogger(ClientMistakeLogs.HANDLER_LOGGER);
  private RemoteMediaServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withMetrics(ServerMetrics.register(registry)));
    server.start();
    handlerLog.addHandler(recorder);
  }

  @AfterEach
  void stop() throws InterruptedException {
    handlerLog.removeHandler(recorder);
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void closeConnection_withAnswersWaitingForFlowControl_logsNoStreamErrorPerCall()
      throws Exception {
    // Each answer is about 5 KB: the first dozen fill the client's 64 KiB window.
    try (Socket socket = RawHttp2.unreadCalls(server.port(),
        "/remotemedia.v1.PipelineService/GetVersion", VersionRequest.getDefaultInstance()
            .toByteArray(), CALLS)) {
      Await.until("the server answered every call", 20,
          () -> answered("OK") == CALLS);
    }
    Await.until("the server saw the connection close", 20,
        () -> registry.getSampleValue("active_connections") == 0);
    // The connection's streams are closed on its event loop just around then: wait until
    // nothing more is logged for half a second.
    int[] quiet = {0, -1};
    Await.until("grpc-netty's handler logs nothing more", 20, () -> {
      int seen = handlerRecords.size();
      quiet[0] = seen == quiet[1] ? quiet[0] + 1 : 0;
      quiet[1] = seen;
      return quiet[0] >= 50;
    });

    assertThat(handlerRecords).filteredOn(record -> "Stream Error".equals(record.getMessage()))
        .isEmpty();
    // The server still serves, and the calls were each counted once.
    assertThat(RawHttp2.call(server.port(), "/remotemedia.v1.PipelineService/GetVersion",
        List.of(RawHttp2.grpcFrame(new byte[0]))).grpcStatus()).isEqualTo("0");
    assertThat(answered("OK")).isEqualTo(CALLS + 1.0);
  }

  private double answered(String code) {
    Double value = registry.getSampleValue("grpc_requests_total",
        new String[] {"method", "code"}, new String[] {"GetVersion", code});
    return value == null ? 0 : value;
  }
}
