package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

  @Test
  void codeFor_followsTheContract() {
    assertThat(StatusMapper.codeFor(ErrorKind.VALIDATION)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapper.codeFor(ErrorKind.INVALID_AUDIO))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapper.codeFor(ErrorKind.RESOURCE_LIMIT))
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMapper.codeFor(ErrorKind.BUSY)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMapper.codeFor(ErrorKind.TIMEOUT)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(StatusMapper.codeFor(ErrorKind.PROTOCOL_MISMATCH))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusMapper.codeFor(ErrorKind.UNAUTHENTICATED))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(StatusMapper.codeFor(ErrorKind.INTERNAL)).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void toStatusException_carriesCodeMessageAndOneDetail() throws Exception {
    StatusRuntimeException e = StatusMapper.toStatusException(
        PipelineException.builder(ErrorKind.BUSY, "full").retryAfterMs(200).build());

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getStatus().getDescription()).isEqualTo("full");
    ErrorDetail detail = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_BUSY);
    assertThat(detail.getRetryAfterMs()).isEqualTo(200);
  }

  @Test
  void internal_hidesTheCauseButNamesTheRequestId() {
    StatusRuntimeException e = StatusMapper.internal("req-1");

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("internal error; the server log has the details under request id req-1");
  }

  @Test
  void unauthenticated_isGenericWithAnUnauthenticatedDetail() throws Exception {
    StatusRuntimeException e = StatusMapper.unauthenticated();

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).isEqualTo("missing or invalid credentials");
    assertThat(StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class).getType())
        .isEqualTo(ErrorType.ERROR_TYPE_UNAUTHENTICATED);
  }

  @Test
  void toStatusException_longQuotedClientString_isCutTo200CharsStatingItsLength()
      throws Exception {
    String nodeType = "x".repeat(2_000);

    StatusRuntimeException e = StatusMapper.toStatusException(PipelineException.of(
        ErrorKind.VALIDATION, "nodes[0].node_type: unknown node type \"" + nodeType
            + "\"; known types: Gain"));

    String expected = "nodes[0].node_type: unknown node type \"" + "x".repeat(200)
        + "…\" (2000 chars); known types: Gain";
    assertThat(e.getStatus().getDescription()).isEqualTo(expected);
    assertThat(StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorDetail.class)
        .getMessage()).isEqualTo(expected);
  }

  @Test
  void toStatusException_hugeUnquotedPathAndContext_keepTheStatusWithinTheBudget() {
    String name = "\u00e9".repeat(1 << 16); // 128 KB of UTF-8, percent-encoded 384 KB
    StatusRuntimeException e = StatusMapper.toStatusException(
        PipelineException.builder(ErrorKind.VALIDATION, ("nodes[0].params." + name + ": no")
                .repeat(40))
            .location(io.remotemedia.pipeline.manifest.ManifestLocation.ofPath(
                "nodes[0].params." + name))
            .context(java.util.Map.of(name, name))
            .build());

    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(StatusMapper.encodedSize(status))
        .isLessThanOrEqualTo(StatusMapper.STATUS_HEADER_BUDGET_BYTES);
    assertThat(status.getMessage()).startsWith("nodes[0].params." + "\u00e9".repeat(100))
        .endsWith(" bytes, shortened)");
  }

  @Test
  void kindOf_readsTheDetailsTypeOrFallsBackToTheCode() {
    StatusRuntimeException busy = StatusMapper.toStatusException(
        PipelineException.of(ErrorKind.BUSY, "full"));

    assertThat(StatusMapper.kindOf(busy.getStatus(), busy.getTrailers()))
        .contains(ErrorKind.BUSY);
    assertThat(StatusMapper.kindOf(Status.RESOURCE_EXHAUSTED, new io.grpc.Metadata()))
        .contains(ErrorKind.RESOURCE_LIMIT);
    assertThat(StatusMapper.kindOf(Status.UNAVAILABLE, null)).isEmpty();
    assertThat(StatusMapper.kindOf(Status.OK, null)).isEmpty();
  }
}
