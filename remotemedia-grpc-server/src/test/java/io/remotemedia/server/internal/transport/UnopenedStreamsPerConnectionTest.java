package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.server.RawStreamCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * StreamPipeline calls that never send their first message cost the server heap until the idle
 * timeout, without a stream slot: one connection may have only so many, on the real server
 * over loopback.
 */
class UnopenedStreamsPerConnectionTest {
  private static final String GAIN = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}],
       "connections": []}
      """;
  /** The documented limit (docs/security.md). */
  private static final int MAX = 100;

  @RegisterExtension final WireServer server = new WireServer();
  private ManagedChannel flooding;

  @AfterEach
  void closeChannel() throws InterruptedException {
    flooding.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void streamCallsWithoutAnOpen_pastTheLimitOnOneConnection_areRefusedNamingTheLimit()
      throws Exception {
    flooding = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .build();
    // An open stream does not count; it also makes the connection ready, so that the calls
    // below start in order (calls waiting for a connection start in any order).
    RawStreamCall opened = RawStreamCall.start(flooding);
    assertOpens(opened);
    List<RawStreamCall> silent = new ArrayList<>();
    for (int i = 0; i < MAX; i++) {
      silent.add(RawStreamCall.start(flooding));
    }

    RawStreamCall refused = RawStreamCall.start(flooding);

    StatusRuntimeException error = refused.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_RESOURCE_LIMIT);
    assertThat(detail.getMessage()).isEqualTo("this connection has 100 StreamPipeline calls"
        + " that have not sent their first message, the most one connection may have"
        + " (unopened_streams_per_connection); send open first, or use another connection");
    assertThat(detail.getLimit().getLimit()).isEqualTo("unopened_streams_per_connection");
    assertThat(detail.getLimit().getLimitValue()).isEqualTo(100);
    assertThat(detail.getLimit().getActualValue()).isEqualTo(101);
    assertThat(WireServer.await(() -> server.metric("grpc_requests_total",
        "method", "StreamPipeline", "code", "RESOURCE_EXHAUSTED"), 1)).isEqualTo(1);
    assertThat(silent).as("the calls within the limit wait on")
        .allSatisfy(call -> assertThat(call.recorder.end).isNotDone());

    // Another connection is not affected.
    assertOpens(RawStreamCall.start(server.channel()));
    // A call that sends open gives its place back, and stays open.
    RawStreamCall first = silent.get(0);
    assertOpens(first);
    assertOpens(RawStreamCall.start(flooding));
    assertThat(List.of(opened, first))
        .allSatisfy(call -> assertThat(call.recorder.end).isNotDone());
  }

  private static void assertOpens(RawStreamCall call) throws Exception {
    call.sendOpen(GAIN);
    call.awaitResponses(1);
    assertThat(call.recorder.kinds()).containsExactly(StreamResponse.KindCase.READY);
  }

  private static ErrorDetail detailOf(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    return status.getDetails(0).unpack(ErrorDetail.class);
  }
}
