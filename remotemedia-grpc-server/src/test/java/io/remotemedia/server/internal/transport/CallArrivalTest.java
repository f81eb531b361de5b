package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One call's wait for its request, without a transport: what it gives back when it leaves the
 * wait, and how the sweep's quiet is counted.
 */
class CallArrivalTest {
  private static final long IN_TRANSIT_MAX = 1_000;
  private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  // An hour: the sweep closes nothing while a test runs.
  private final LateRequestSweep sweep = new LateRequestSweep(Duration.ofHours(1), timers);
  private final AwaitingRequestPlaces places =
      new AwaitingRequestPlaces(/* max= */ 2, /* maxPerConnection= */ 2);
  private final RequestBytesInTransit inTransit = new RequestBytesInTransit(IN_TRANSIT_MAX);
  private final SilentCall call = new SilentCall(null);
  private final InboundRequestBytes inbound = (InboundRequestBytes) InboundRequestBytes
      .factory(inTransit)
      .newServerStreamTracer(PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName(),
          new Metadata());
  private final CallArrival<?, ?> arrival =
      new CallArrival<>(call, Context.ROOT, inbound, places.take(call), sweep);

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void arrive_whileWaiting_keepsTheWholeRequestsBytesUntilTheyAreReleased() {
    inbound.watch(arrival);
    inbound.inboundWireSize(300);

    assertThat(arrival.arrive()).isTrue();

    assertThat(places.waiting()).isZero();
    assertThat(inTransit.used()).isEqualTo(300);
    inbound.release();
    assertThat(inTransit.used()).isZero();
  }

  @Test
  void leave_asClosedByTheServer_givesBackPlaceAndBytesAndDropsLaterMessages() {
    inbound.watch(arrival);
    inbound.inboundWireSize(300);

    assertThat(arrival.leave(CallArrival.TIMED_OUT)).isTrue();

    assertThat(places.waiting()).isZero();
    assertThat(inTransit.used()).isZero();
    assertThat(arrival.leave(CallArrival.ENDED)).isFalse();
    assertThat(arrival.arrive()).isFalse();
  }

  @Test
  void leave_whenTheCallEnds_letsALaterMessageThroughWithoutCountingItsBytes() {
    inbound.watch(arrival);

    assertThat(arrival.leave(CallArrival.ENDED)).isTrue();
    inbound.inboundWireSize(300);

    assertThat(arrival.arrive()).isTrue();
    assertThat(inTransit.used()).isZero();
  }

  @Test
  void inboundBytes_withNoRoomForAPart_refusesTheWaitingCallAsBusyNamingTheLimit()
      throws Exception {
    inbound.watch(arrival);
    inbound.inboundWireSize(600);

    inbound.inboundWireSize(600);

    Status status = call.closed.get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).contains("(1200 bytes of it had come)")
        .contains(RequestBytesInTransit.LIMIT).contains("bound of " + IN_TRANSIT_MAX);
    assertThat(inTransit.refused()).isEqualTo(1);
    assertThat(inTransit.used()).isZero();
    assertThat(places.waiting()).isZero();
    assertThat(arrival.arrive()).isFalse();
  }

  @Test
  void quietFor_afterBytesCame_countsTheQuietFromWhenTheSweepSawThem() {
    long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    inbound.inboundWireSize(10);

    assertThat(arrival.quietFor(seen, QUIET_NANOS)).isFalse();

    assertThat(arrival.quietFor(seen + QUIET_NANOS - 1, QUIET_NANOS)).isFalse();
    assertThat(arrival.quietFor(seen + QUIET_NANOS, QUIET_NANOS)).isTrue();
  }
}
