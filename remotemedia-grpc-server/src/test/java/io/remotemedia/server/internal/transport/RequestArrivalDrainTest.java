package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import io.remotemedia.server.internal.transport.RawCalls.Started;
import io.remotemedia.server.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that have not sent their first message when the real server on loopback drains: they
 * have done no work, so they end with DRAINING after a second's quiet and do not hold the
 * drain.
 */
class RequestArrivalDrainTest {
  /** Far longer than the test waits for anything: a drain that waits for it fails the test. */
  private static final Duration GRACE = Duration.ofSeconds(120);

  private final CollectorRegistry registry = new CollectorRegistry();
  private RemoteMediaServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ZERO);
  }

  @Test
  void drain_withSilentUnaryAndStreamCalls_endsThemAsDrainingAndDoesNotWaitForThem()
      throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(), new ServerSettings(1 << 20),
        Observability.defaults().withMetrics(ServerMetrics.register(registry))).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    // Each has a client deadline of 20 s; the server's own bounds on them are 30 s and more.
    Started unary = RawCalls.start(channel, RawCalls.EXECUTE_HEADERS_FIRST);
    Started stream = RawCalls.start(channel, RawCalls.STREAM);
    Await.until("the server sees both calls waiting", 10,
        () -> registry.getSampleValue("calls_awaiting_request") == 2);

    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(() -> server.shutdown(GRACE));

    for (Started silent : new Started[] {unary, stream}) {
      Outcome outcome = silent.awaitEnd();
      assertThat(outcome.code()).as(outcome.status().toString())
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(outcome.status().getDescription()).contains("the server is shutting down");
      assertThat(outcome.detail()).get().extracting(detail -> detail.getType())
          .isEqualTo(ErrorType.ERROR_TYPE_DRAINING);
    }
    // Well within the client's deadline, and far within the grace period.
    drained.get(15, TimeUnit.SECONDS);
    assertThat(registry.getSampleValue("calls_awaiting_request")).isZero();
  }
}
