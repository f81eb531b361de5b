package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.server.metrics.Exposition;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections the server ends with an HTTP/2 error, as an operator sees them on the real
 * configured server's /metrics: counted by error code, while the logs name one per 10 s.
 */
class ConnectionErrorsMetricsTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String METRIC = "http2_connection_errors_total";

  @RegisterExtension final MetricsLoopback server = MetricsLoopback.withDefaults();

  @Test
  void connectionsEndedWithAnHttp2Error_areCountedByCode() throws Exception {
    // Exported from the start, at 0.
    assertThat(server.scrape().text()).contains(METRIC + "{error=\"ENHANCE_YOUR_CALM\",} 0.0");

    RawHttp2.send(server.port(), EXECUTE, out -> {
      out.headers(1);
      for (int i = 0; i < 100; i++) {
        out.frame(RawHttp2.DATA, 0, 1, new byte[0]);
      }
    }, 0);
    RawHttp2.send(server.port(), EXECUTE, out -> {
      for (int i = 0; i < 10; i++) {
        // Pings more often than the keepalive policy permits: too_many_pings.
        out.frame(RawHttp2.PING, 0, 0, new byte[8]);
      }
    }, 0);
    RawHttp2.send(server.port(), EXECUTE,
        out -> out.frame(RawHttp2.DATA, 0, 0, new byte[10]), 0);
    RawHttp2.send(server.port(), EXECUTE, out -> {
      for (int i = 0; i < 1_000; i++) {
        out.frame(RawHttp2.SETTINGS, 0, 0, new byte[0]);
      }
    }, 0);

    Exposition metrics = server.scrape();
    assertThat(count(metrics, Http2Error.ENHANCE_YOUR_CALM)).isEqualTo(3);
    assertThat(count(metrics, Http2Error.PROTOCOL_ERROR)).isEqualTo(1);
    assertThat(count(metrics, Http2Error.INTERNAL_ERROR)).isZero();
    assertThat(metrics.text()).doesNotContain("NO_ERROR");
  }

  private static double count(Exposition metrics, Http2Error error) {
    return metrics.value(METRIC, Map.of("error", error.name()));
  }
}
