package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.server.Await;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.transport.RawCalls.Body;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import io.remotemedia.server.internal.transport.RawCalls.Started;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connection's share of the calls awaiting their request, on the real server on loopback:
 * a connection that holds its share of silent calls is refused more, and another connection's
 * calls are still served.
 */
class RequestArrivalPerConnectionTest {
  private static final int MAX_WAITING = 6;
  private static final int PER_CONNECTION = 3;

  @RegisterExtension
  final WireServer server = new WireServer(new ServerSettings(WireServer.MAX_MESSAGE_BYTES)
      .withRequestArrival(MAX_WAITING, PER_CONNECTION, Duration.ofSeconds(60)));
  private final List<ManagedChannel> otherConnections = new ArrayList<>();

  @AfterEach
  void closeOtherConnections() throws InterruptedException {
    for (ManagedChannel channel : otherConnections) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void connection_holdingItsShareOfSilentCalls_isRefusedMoreWhileAnotherIsServed()
      throws Exception {
    // As many silent calls as the whole server holds, all on the extension's one connection.
    List<Started> silent = new ArrayList<>();
    for (int i = 0; i < MAX_WAITING; i++) {
      silent.add(RawCalls.start(server.channel(), RawCalls.EXECUTE_HEADERS_FIRST));
    }
    Await.until(PER_CONNECTION + " of the silent calls are refused", 10,
        () -> silent.stream().filter(call -> call.end().isDone()).count() == PER_CONNECTION);

    Outcome served = RawCalls.call(otherConnection(), RawCalls.VERSION,
        List.of(Body.of(new byte[0])));

    assertThat(served.code()).as(served.status().toString()).isEqualTo(Status.Code.OK);
    List<Outcome> refused = new ArrayList<>();
    for (Started call : silent) {
      if (call.end().isDone()) {
        refused.add(call.awaitEnd());
      }
    }
    assertThat(refused).hasSize(PER_CONNECTION).allSatisfy(outcome -> {
      assertThat(outcome.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(outcome.status().getDescription())
          .contains("this connection has " + PER_CONNECTION + " calls waiting")
          .contains("server.max_calls_awaiting_request_per_connection");
      assertThat(outcome.detail()).get().satisfies(detail -> {
        assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_BUSY);
        assertThat(detail.getRetryAfterMs()).isPositive();
        assertThat(detail.getLimit().getLimit())
            .isEqualTo("server.max_calls_awaiting_request_per_connection");
        assertThat(detail.getLimit().getLimitValue()).isEqualTo(PER_CONNECTION);
        assertThat(detail.getLimit().getActualValue()).isEqualTo(PER_CONNECTION + 1L);
      });
    });
    assertThat(server.metric("calls_awaiting_request")).isEqualTo(PER_CONNECTION);
    assertThat(server.metric("calls_awaiting_request_per_connection_refused_total"))
        .isEqualTo(PER_CONNECTION);
    assertThat(server.metric("calls_awaiting_request_refused_total")).isZero();

    // A call that ends gives its connection's place back.
    Started waiting = silent.stream().filter(call -> !call.end().isDone()).findFirst()
        .orElseThrow();
    waiting.call().cancel("the test ends it", null);
    assertThat(waiting.awaitEnd().code()).isEqualTo(Status.Code.CANCELLED);
    Await.until("the cancelled call's place is free", 10, () -> RawCalls.call(
        server.channel(), RawCalls.VERSION, List.of(Body.of(new byte[0]))).code()
        == Status.Code.OK);
  }

  private ManagedChannel otherConnection() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    otherConnections.add(channel);
    return channel;
  }
}
