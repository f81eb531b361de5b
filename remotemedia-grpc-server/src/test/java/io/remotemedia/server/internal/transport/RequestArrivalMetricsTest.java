package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.remotemedia.server.Await;
import io.remotemedia.server.internal.transport.RawCalls.Body;
import io.remotemedia.server.internal.transport.RawCalls.Started;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bound on calls awaiting their first message, as an operator sees it on the real
 * configured server's /metrics: the calls waiting, the bound, its refusals and its timeouts.
 */
class RequestArrivalMetricsTest {
  private static final int MAX_WAITING = 2;

  @RegisterExtension final MetricsLoopback server = MetricsLoopback.configuredBy("""
      server:
        max_calls_awaiting_request: %d
        max_calls_awaiting_request_per_connection: %d
        request_arrival_timeout_ms: 300
      """.formatted(MAX_WAITING, MAX_WAITING));

  @Test
  void waitingCalls_refusalsAndTimeouts_areExported() throws Exception {
    assertThat(server.scrape().value("calls_awaiting_request_max")).isEqualTo(MAX_WAITING);
    assertThat(server.scrape().value("calls_awaiting_request_per_connection_max"))
        .isEqualTo(MAX_WAITING);
    assertThat(server.scrape().value("calls_awaiting_request")).isZero();

    Started first = RawCalls.start(server.channel(), RawCalls.STREAM);
    Started second = RawCalls.start(server.channel(), RawCalls.STREAM);
    Await.until("two calls waiting", Duration.ofSeconds(10),
        () -> server.scrape().value("calls_awaiting_request") == MAX_WAITING);
    assertThat(RawCalls.call(server.channel(), RawCalls.VERSION,
        List.of(Body.of(new byte[0]))).code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(server.scrape().value("calls_awaiting_request_refused_total")).isEqualTo(1);
    assertThat(server.scrape().value("request_arrival_timeouts_total")).isZero();

    first.call().cancel("the test ends it", null);
    second.call().cancel("the test ends it", null);
    Await.until("no call waiting", Duration.ofSeconds(10),
        () -> server.scrape().value("calls_awaiting_request") == 0);
    Started late = RawCalls.start(server.channel(), RawCalls.EXECUTE_HEADERS_FIRST);
    assertThat(late.awaitEnd().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(server.scrape().value("request_arrival_timeouts_total")).isEqualTo(1);
    assertThat(server.scrape().value("calls_awaiting_request")).isZero();
    assertThat(server.scrape().value("calls_awaiting_request_refused_total")).isEqualTo(1);
  }

}
