package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.server.Await;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.transport.RawCalls.Body;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import io.remotemedia.server.internal.transport.RawCalls.Started;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls that start and send nothing: the real server on loopback holds a bounded number of
 * them, and closes a unary one whose request does not come.
 */
class RequestArrivalTest {
  private static final int MAX_WAITING = 3;
  private static final long TIMEOUT_MS = 1_000;
  private static final Body EMPTY = Body.of(new byte[0]);

  @RegisterExtension
  final WireServer server = new WireServer(new ServerSettings(WireServer.MAX_MESSAGE_BYTES)
      .withRequestArrival(MAX_WAITING, /* maxPerConnection= */ MAX_WAITING,
          Duration.ofMillis(TIMEOUT_MS)));

  @Test
  void unaryCall_whoseRequestDoesNotCome_isClosedNamingTheSetting() throws Exception {
    Started silent = RawCalls.start(server.channel(), RawCalls.EXECUTE_HEADERS_FIRST);

    Outcome outcome = silent.awaitEnd();

    assertThat(outcome.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(outcome.status().getDescription())
        .contains("within " + TIMEOUT_MS + " ms").contains(RequestArrival.TIMEOUT_SETTING);
    assertThat(outcome.detail()).get().extracting(detail -> detail.getType())
        .isEqualTo(ErrorType.ERROR_TYPE_TIMEOUT);
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith("ExecutePipeline DEADLINE_EXCEEDED in ");
    assertThat(server.stackTraces()).isEmpty();
    // Its place is free again: as many silent calls as the limit, then a whole call.
    for (int i = 0; i < MAX_WAITING - 1; i++) {
      RawCalls.start(server.channel(), RawCalls.STREAM);
    }
    assertThat(RawCalls.call(server.channel(), RawCalls.VERSION, List.of(EMPTY)).code())
        .isEqualTo(Status.Code.OK);
  }

  @Test
  void unaryRequest_whoseBytesKeepComingOverASlowLink_isNotCut() throws Exception {
    // 1,200 bytes, 100 at a time a quarter of the timeout apart: three timeouts in all.
    byte[] request = VersionRequest.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(1000, UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(ByteString.copyFrom(new byte[1200])).build())
        .build()).build().toByteArray();
    List<byte[]> frames = RawHttp2.cut(RawHttp2.grpcFrame(request), new int[] {100}, 0, 0);

    RawHttp2.Result result = RawHttp2.callSlowly(server.port(),
        "/" + PipelineServiceGrpc.getGetVersionMethod().getFullMethodName(), frames,
        TIMEOUT_MS / 4);

    assertThat(result.grpcStatus()).as(result.grpcMessage()).isEqualTo("0");
    assertThat(result.messages()).hasSize(1);
  }

  @Test
  void unaryRequest_thatStopsHalfWay_isClosedAfterTheTimeout() throws Exception {
    byte[] frame = RawHttp2.grpcFrame(new byte[1200]);

    RawHttp2.Result result = RawHttp2.call(server.port(),
        "/" + PipelineServiceGrpc.getGetVersionMethod().getFullMethodName(), Map.of(),
        Arrays.copyOf(frame, frame.length / 2), /* endStream= */ false);

    assertThat(result.grpcStatus())
        .isEqualTo(String.valueOf(Status.Code.DEADLINE_EXCEEDED.value()));
    assertThat(result.grpcMessage()).contains(RequestArrival.TIMEOUT_SETTING);
  }

  @Test
  void calls_pastTheLimitOfThoseWaitingForTheirFirstMessage_areRefusedUntilOneSendsOrEnds()
      throws Exception {
    // Whole calls do not keep their places.
    for (int i = 0; i < 2 * MAX_WAITING; i++) {
      assertThat(RawCalls.call(server.channel(), RawCalls.VERSION, List.of(EMPTY)).code())
          .isEqualTo(Status.Code.OK);
    }
    List<Started> silent = new ArrayList<>();
    for (int i = 0; i < MAX_WAITING; i++) {
      silent.add(RawCalls.start(server.channel(), RawCalls.STREAM));
    }

    Outcome refused = RawCalls.call(server.channel(), RawCalls.VERSION, List.of(EMPTY));

    assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.status().getDescription()).contains(RequestArrival.LIMIT);
    assertThat(refused.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_BUSY);
      assertThat(detail.getRetryAfterMs()).isPositive();
      assertThat(detail.getLimit().getLimit()).isEqualTo(RequestArrival.LIMIT);
      assertThat(detail.getLimit().getLimitValue()).isEqualTo(MAX_WAITING);
      assertThat(detail.getLimit().getActualValue()).isEqualTo(MAX_WAITING + 1L);
    });
    assertThat(silent).allSatisfy(call -> assertThat(call.end()).isNotDone());
    // Health is not a pipeline call: it is neither counted nor refused.
    assertThat(HealthGrpc.newBlockingStub(server.channel())
        .check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);

    // A stream that opens gives its place back and goes on.
    silent.get(0).call().sendMessage(Body.of(WireErrorsTest.open().toByteArray()));
    Await.until("the opened stream's place is free", 10, () -> RawCalls.call(
        server.channel(), RawCalls.VERSION, List.of(EMPTY)).code() == Status.Code.OK);
    assertThat(silent.get(0).end()).isNotDone();
    // So does one that ends.
    silent.set(0, RawCalls.start(server.channel(), RawCalls.STREAM));
    assertThat(RawCalls.call(server.channel(), RawCalls.VERSION, List.of(EMPTY)).code())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    silent.get(1).call().cancel("the test ends it", null);
    assertThat(silent.get(1).awaitEnd().code()).isEqualTo(Status.Code.CANCELLED);
    Await.until("the cancelled call's place is free", 10, () -> RawCalls.call(
        server.channel(), RawCalls.VERSION, List.of(EMPTY)).code() == Status.Code.OK);
  }
}
