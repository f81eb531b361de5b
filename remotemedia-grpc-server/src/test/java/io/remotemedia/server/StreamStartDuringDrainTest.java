package io.remotemedia.server;

import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream calls that started before the server began to drain and whose first message comes
 * after, when the drain has told the open streams to finish: an {@code open} is refused at
 * once, as DRAINING (it was BUSY, which the SDK did not send to another replica), and a
 * {@code resume} of a session kept meanwhile hears {@code draining} after its replay. Either
 * used to go on without ever hearing {@code draining}, until it ended
 * UNAVAILABLE when the grace period ran out. A call that sends nothing ends as the open
 * streams do when the grace runs out. Real Netty server on a loopback port.
 */
class StreamStartDuringDrainTest {
  private static final String GAIN = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}],
       "connections": []}
      """;
  private static final Duration GRACE = Duration.ofSeconds(20);

  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();
  private ManagedChannel channel;

  @AfterEach
  void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void open_afterTheDrainBegan_isRefusedAsDrainingAndTheDrainEndsWithoutWaitingForIt()
      throws Exception {
    RemoteMediaServer server = loopback.server();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    RawStreamCall call = RawStreamCall.start(channel);
    long drainStart = System.nanoTime();
    CompletableFuture<Void> drain = drainOnceTheServerHasTheCall();

    call.requests.onNext(StreamWire.open(OpenStreamRequest.of(new ManifestParser().parse(GAIN),
        RawStreamCall.MONO_48K), "v1"));

    StatusRuntimeException error = call.recorder.error();
    assertThat(call.recorder.kinds()).as("no ready: the stream did not open").isEmpty();
    // It ran nothing: a client sends it again to another replica, not here later.
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_DRAINING);
    assertThat(detail.getMessage()).isEqualTo("the server is shutting down and refused this"
        + " call before running it; send it again, to another replica if there is one");
    Await.until("the refusal is counted", 20, () -> loopback.errors("draining") == 1);
    assertThat(loopback.errors("busy")).isZero();
    assertThat(loopback.metric("worker_rejections_total")).isZero();
    drain.get(GRACE.toSeconds(), TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - drainStart))
        .as("the drain did not wait out its grace period for the stream")
        .isLessThan(GRACE.dividedBy(2));
    assertThat(loopback.metric("active_streams")).isZero();
    assertThat(server.openStreamCount()).isZero();
  }

  @Test
  void resume_afterTheDrainBegan_hearsDrainingAfterItsReplayAndCanFinish() throws Exception {
    RemoteMediaServer server = loopback.server();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    RawStreamCall first = RawStreamCall.open(channel, GAIN);
    first.chunk(0, new float[] {0.5f}, 0);
    first.awaitResponses(2);
    first.breakConnection();
    Await.until("the session is kept", 20, () -> server.streams().keptCount() == 1);
    RawStreamCall next = RawStreamCall.start(channel);
    long drainStart = System.nanoTime();
    CompletableFuture<Void> drain = drainOnceTheServerHasTheCall();

    next.requests.onNext(StreamWire.resume(first.token(), /* resultsReceived= */ 0,
        ProtocolVersions.CURRENT));

    next.awaitResponses(3);
    assertThat(next.recorder.kinds()).containsExactly(StreamResponse.KindCase.RESUMED,
        StreamResponse.KindCase.RESULT, StreamResponse.KindCase.DRAINING);
    assertThat(next.recorder.responses.get(2).getDraining().getDeadlineMs())
        .isPositive().isLessThanOrEqualTo(GRACE.toMillis());
    next.requests.onNext(StreamWire.close());
    next.requests.onCompleted();
    next.recorder.end.get(20, TimeUnit.SECONDS);
    drain.get(GRACE.toSeconds(), TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - drainStart))
        .as("the drain ended with the stream, not with its grace period")
        .isLessThan(GRACE.dividedBy(2));
  }

  @Test
  void silentCall_whenTheGraceRunsOut_endsUnavailableWithDrainingDetail() throws Exception {
    RemoteMediaServer server = loopback.server();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    RawStreamCall silent = RawStreamCall.start(channel);
    Await.until("the server has the call", 20, () -> loopback.metric("active_calls") == 1);

    CompletableFuture.runAsync(() -> server.drain(new DrainSettings(Duration.ZERO,
        Duration.ofMillis(500))));

    StatusRuntimeException error = silent.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_DRAINING);
    assertThat(detail.getMessage()).isEqualTo("the server is shutting down and its grace period"
        + " of 500 ms has run out; reopen the stream, on another replica if there is one");
  }

  /**
   * Waits until the server has the test's one call, then drains it in the background; returns
   * once the drain refuses new calls and has told the open streams to finish.
   */
  private CompletableFuture<Void> drainOnceTheServerHasTheCall() throws Exception {
    RemoteMediaServer server = loopback.server();
    Await.until("the server has the call", 20, () -> loopback.metric("active_calls") == 1);
    CountDownLatch refusingCalls = new CountDownLatch(1);
    server.addDrainListener(refusingCalls::countDown);
    CompletableFuture<Void> drain = CompletableFuture.runAsync(
        () -> server.drain(new DrainSettings(Duration.ZERO, GRACE)));
    assertThat(refusingCalls.await(20, TimeUnit.SECONDS)).isTrue();
    return drain;
  }
}
