package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.grpc.ClientStreamTracer;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CutCallRetryTest {
  private static final Status RST_STREAM =
      Status.CANCELLED.withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL");
  /** grpc-netty's status for a sent stream past the last stream id of a draining server. */
  private static final Status REFUSED_BY_GOAWAY = Status.UNAVAILABLE.withDescription(
      "Abrupt GOAWAY closed sent stream. HTTP/2 error code: NO_ERROR");

  @Test
  void isCut_bareUnavailableFromABrokenConnection_isRetried() {
    assertThat(CutCallRetry.isCut(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new IOException("Connection reset by peer")).asRuntimeException())).isTrue();
  }

  @Test
  void isCut_resetByTheServer_isRetried() {
    assertThat(CutCallRetry.isCut(Status.CANCELLED
        .withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL")
        .asRuntimeException())).isTrue();
  }

  @Test
  void isCut_writeToAConnectionTheServerClosed_isRetried() {
    assertThat(CutCallRetry.isCut(Status.UNKNOWN.withDescription("channel closed")
        .withCause(new ClosedChannelException()).asRuntimeException())).isTrue();
  }

  @Test
  void isCut_connectionClosedForOtherCallsResets_isRetried() {
    assertThat(CutCallRetry.isCut(Status.RESOURCE_EXHAUSTED
        .withDescription("Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM"
            + " (Bandwidth exhausted), debug data: too_many_rststreams")
        .asRuntimeException())).isTrue();
  }

  @Test
  void isCut_unknownFromTheServer_isNotRetried() {
    assertThat(CutCallRetry.isCut(Status.UNKNOWN.withDescription("Application error")
        .asRuntimeException())).isFalse();
  }

  @Test
  void isCut_cancelledByThisClient_isNotRetried() {
    assertThat(CutCallRetry.isCut(Status.CANCELLED.withDescription("Thread interrupted")
        .asRuntimeException())).isFalse();
  }

  @Test
  void isCut_noServerEverReached_isNotRetried() {
    assertThat(CutCallRetry.isCut(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException())).isFalse();
  }

  @Test
  void isCut_theServersOwnAnswerWithADetail_isNotRetried() {
    com.google.rpc.Status draining = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.UNAVAILABLE.value())
        .setMessage("the server is shutting down")
        .addDetails(Any.pack(ErrorDetail.newBuilder()
            .setType(ErrorType.ERROR_TYPE_DRAINING).build()))
        .build();

    assertThat(CutCallRetry.isCut(StatusProto.toStatusRuntimeException(draining))).isFalse();
  }

  private static StatusRuntimeException withDetail(Status.Code code, ErrorType type) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage("the server's answer")
        .addDetails(Any.pack(ErrorDetail.newBuilder().setType(type).build()))
        .build());
  }

  @Test
  void isMadeAgain_theServersDrainingRefusal_isMadeAgain() {
    assertThat(CutCallRetry.isMadeAgain(
        withDetail(Status.Code.UNAVAILABLE, ErrorType.ERROR_TYPE_DRAINING))).isTrue();
  }

  @Test
  void isMadeAgain_theServersOtherAnswers_areNot() {
    assertThat(CutCallRetry.isMadeAgain(
        withDetail(Status.Code.RESOURCE_EXHAUSTED, ErrorType.ERROR_TYPE_BUSY))).isFalse();
    assertThat(CutCallRetry.isMadeAgain(
        withDetail(Status.Code.INVALID_ARGUMENT, ErrorType.ERROR_TYPE_VALIDATION))).isFalse();
    assertThat(CutCallRetry.isMadeAgain(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException())).isFalse();
  }

  @Test
  void isMadeAgain_aTransportCut_isMadeAgain() {
    assertThat(CutCallRetry.isMadeAgain(Status.UNAVAILABLE.withDescription("io exception")
        .asRuntimeException())).isTrue();
  }

  @Test
  void failure_cutThenCutAgain_saysTheCallWasCutInProgressAndTheAttempts() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, RST_STREAM);
    attemptCut(attempts, RST_STREAM);
    StatusRuntimeException last = RST_STREAM.asRuntimeException();

    RemoteMediaException e = CutCallRetry.failure(last, attempts, "media.internal:50051");

    assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e).hasMessage("the call to media.internal:50051 was cut while in progress"
            + " (CANCELLED: RST_STREAM closed stream. HTTP/2 error code: CANCEL), and made"
            + " again, 2 attempts in all, the last of which failed too (CANCELLED: RST_STREAM"
            + " closed stream. HTTP/2 error code: CANCEL)")
        .hasCause(last);
  }

  @Test
  void failure_oneAttemptCutAndNotMadeAgain_saysOneAttemptInTheSingular() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, RST_STREAM);
    StatusRuntimeException last = RST_STREAM.asRuntimeException();

    RemoteMediaException e = CutCallRetry.failure(last, attempts, "media.internal:50051");

    assertThat(e).hasMessage("the call to media.internal:50051 was cut while in progress"
            + " (CANCELLED: RST_STREAM closed stream. HTTP/2 error code: CANCEL), 1 attempt in"
            + " all: it was not made again")
        .hasCause(last);
  }

  @Test
  void failure_oneAttemptOfACallWithADeadline_saysTheDeadlineIsWhy() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, RST_STREAM);
    StatusRuntimeException last = RST_STREAM.asRuntimeException();

    // A call with a deadline that was not made again once: only the deadline stops it then
    // (no time for the pause); how much time is left does not change the words.
    RemoteMediaException e = CutCallRetry.failure(last, attempts, "media.internal:50051",
        Deadline.after(1, TimeUnit.MINUTES));

    assertThat(e).hasMessageEndingWith("1 attempt in all: it was not made again, as its deadline"
        + " left no time for the pause before another attempt");
  }

  @Test
  void failure_refusedUnrunByADrainingServerThenNoServer_saysRefusedNotCutInProgress() {
    CallAttempts attempts = refusedUnrunThenUnsent();
    StatusRuntimeException refused = ioException(new ConnectException("Connection refused"));

    RemoteMediaException e = CutCallRetry.failure(refused, attempts, "127.0.0.1:50051");

    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e).hasMessage("the server at 127.0.0.1:50051 stopped taking calls (it was"
            + " shutting down): the call was refused before the server ran it (UNAVAILABLE:"
            + " Abrupt GOAWAY closed sent stream. HTTP/2 error code: NO_ERROR), and made again,"
            + " 2 attempts in all, until no server answered at 127.0.0.1:50051 (UNAVAILABLE: io"
            + " exception: Connection refused); make the call again once a server runs there,"
            + " or give the client more replicas")
        .hasCause(refused);
  }

  @Test
  void failure_resetAsRefusedStreamThenCut_saysTheCutInProgress() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, Status.UNAVAILABLE.withDescription(
        "RST_STREAM closed stream. HTTP/2 error code: REFUSED_STREAM"));
    attemptCut(attempts, RST_STREAM);
    StatusRuntimeException last = RST_STREAM.asRuntimeException();

    assertThat(CutCallRetry.failure(last, attempts, "media.internal:50051"))
        .hasMessage("the call to media.internal:50051 was cut while in progress (CANCELLED:"
            + " RST_STREAM closed stream. HTTP/2 error code: CANCEL), and made again, 2 attempts"
            + " in all, the last of which failed too (CANCELLED: RST_STREAM closed stream."
            + " HTTP/2 error code: CANCEL)");
  }

  @Test
  void failure_refusedUnrunThenBrokenBeforeSending_saysRefusedBeforeTheServerRanIt() {
    CallAttempts attempts = refusedUnrunThenUnsent();
    StatusRuntimeException last = ioException(new IOException("Connection reset by peer"));

    assertThat(CutCallRetry.failure(last, attempts, "media.internal:50051"))
        .hasMessage("the call to media.internal:50051 was refused by the server before it ran"
            + " it (UNAVAILABLE: Abrupt GOAWAY closed sent stream. HTTP/2 error code:"
            + " NO_ERROR), and made again, 2 attempts in all, the last of which failed too"
            + " (UNAVAILABLE: io exception: Connection reset by peer)");
  }

  @Test
  void failure_endedAsDrainingBeforeItsRequestCameThenNoServer_saysRefusedNotCut() {
    // A draining server ends a unary call none of whose request has reached it for 1 s with
    // DRAINING: it ran nothing, though the client had written its request.
    CallAttempts attempts = new CallAttempts();
    ClientStreamTracer tracer = attempts.newClientStreamTracer(
        ClientStreamTracer.StreamInfo.newBuilder().build(), new Metadata());
    tracer.outboundMessageSent(0, -1, -1);
    Status drained = Status.UNAVAILABLE.withDescription("the server is shutting down");
    tracer.inboundTrailers(StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder().setCode(drained.getCode().value())
            .setMessage(drained.getDescription())
            .addDetails(Any.pack(ErrorDetail.newBuilder()
                .setType(ErrorType.ERROR_TYPE_DRAINING).build()))
            .build()).getTrailers());
    tracer.streamClosed(drained);
    attempts.newClientStreamTracer(ClientStreamTracer.StreamInfo.newBuilder().build(),
        new Metadata()).streamClosed(Status.UNAVAILABLE.withDescription("io exception"));
    StatusRuntimeException refused = ioException(new ConnectException("Connection refused"));

    assertThat(CutCallRetry.failure(refused, attempts, "127.0.0.1:50051").getMessage())
        .startsWith("the server at 127.0.0.1:50051 stopped taking calls (it was shutting"
            + " down): the call was refused before the server ran it (UNAVAILABLE: the server"
            + " is shutting down), and made again, 2 attempts in all");
  }

  @Test
  void failure_theServersAnswerAfterACut_isTheServersAnswer() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, RST_STREAM);
    StatusRuntimeException invalid = Status.INVALID_ARGUMENT.withDescription("bad manifest")
        .asRuntimeException();

    assertThat(CutCallRetry.failure(invalid, attempts, "media.internal:50051"))
        .hasMessage("INVALID_ARGUMENT: bad manifest");
  }

  @Test
  void failure_noAttemptSentItsRequest_isTheLastFailureAsItIs() {
    StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException();

    assertThat(CutCallRetry.failure(refused, new CallAttempts(), "127.0.0.1:50051"))
        .hasMessage("UNAVAILABLE: io exception: Connection refused");
  }

  /**
   * Two attempts: one a draining server refused unrun, then one that failed before it sent its
   * request.
   */
  private static CallAttempts refusedUnrunThenUnsent() {
    CallAttempts attempts = new CallAttempts();
    attemptCut(attempts, REFUSED_BY_GOAWAY);
    attempts.newClientStreamTracer(ClientStreamTracer.StreamInfo.newBuilder().build(),
        new Metadata()).streamClosed(Status.UNAVAILABLE.withDescription("io exception"));
    return attempts;
  }

  private static StatusRuntimeException ioException(IOException cause) {
    return Status.UNAVAILABLE.withDescription("io exception").withCause(cause)
        .asRuntimeException();
  }

  /** One attempt that sent its request and was closed with {@code status}. */
  private static void attemptCut(CallAttempts attempts, Status status) {
    ClientStreamTracer tracer = attempts.newClientStreamTracer(
        ClientStreamTracer.StreamInfo.newBuilder().build(), new Metadata());
    tracer.outboundMessageSent(0, -1, -1);
    tracer.streamClosed(status);
  }

  @Test
  void isCut_otherCodes_areNotRetried() {
    assertThat(CutCallRetry.isCut(Status.INVALID_ARGUMENT.asRuntimeException())).isFalse();
    assertThat(CutCallRetry.isCut(Status.DEADLINE_EXCEEDED.asRuntimeException())).isFalse();
    assertThat(CutCallRetry.isCut(new IllegalStateException("not a status"))).isFalse();
  }
}
