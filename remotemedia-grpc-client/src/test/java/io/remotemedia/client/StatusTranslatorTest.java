package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping from a failed call's status and structured detail to the exception hierarchy. */
class StatusTranslatorTest {

  @Test
  void translate_invalidArgumentWithLocation_keepsPathLineAndColumn() {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setType(ErrorType.ERROR_TYPE_VALIDATION)
        .setMessage("nodes[2].params.gain_db (line 7, column 20): expected a number")
        .setNodeId("gain")
        .setLocation(io.remotemedia.proto.ManifestLocation.newBuilder()
            .setPath("nodes[2].params.gain_db").setLine(7).setColumn(20))
        .build();

    RemoteMediaException e = StatusTranslator.translate(failure(Status.Code.INVALID_ARGUMENT,
        detail));

    assertThat(e).isExactlyInstanceOf(RemoteMediaException.class)
        .hasMessage("nodes[2].params.gain_db (line 7, column 20): expected a number");
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e.nodeId()).contains("gain");
    assertThat(e.location()).contains(new ManifestLocation("nodes[2].params.gain_db", 7, 20));
  }

  @Test
  void translate_resourceExhaustedWithLimit_keepsTheLimitAndTheActualValue() {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setType(ErrorType.ERROR_TYPE_RESOURCE_LIMIT)
        .setMessage("input has 2000 samples, over max_input_samples 1000")
        .setLimit(io.remotemedia.proto.LimitViolation.newBuilder()
            .setLimit("max_input_samples").setLimitValue(1000).setActualValue(2000))
        .build();

    RemoteMediaException e = StatusTranslator.translate(failure(Status.Code.RESOURCE_EXHAUSTED,
        detail));

    assertThat(e).isExactlyInstanceOf(RemoteMediaException.class)
        .hasMessage("input has 2000 samples, over max_input_samples 1000");
    assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
    assertThat(e.limit()).contains(new LimitViolation("max_input_samples", 1000, 2000));
  }

  @Test
  void translate_busyWithRetryHint_keepsTheHint() {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setType(ErrorType.ERROR_TYPE_BUSY)
        .setMessage("all 4 workers are busy and the queue is full")
        .setRetryAfterMs(250)
        .build();

    RemoteMediaException e = StatusTranslator.translate(failure(Status.Code.RESOURCE_EXHAUSTED,
        detail));

    assertThat(e).isExactlyInstanceOf(RemoteMediaException.class)
        .hasMessage("all 4 workers are busy and the queue is full");
    assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
    assertThat(e.retryAfterMs()).isEqualTo(250);
  }

  @Test
  void translate_unauthenticated_isTheAuthenticationType() {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setType(ErrorType.ERROR_TYPE_UNAUTHENTICATED)
        .setMessage("missing or invalid credentials")
        .build();

    RemoteMediaException withDetail = StatusTranslator.translate(
        failure(Status.Code.UNAUTHENTICATED, detail));
    RemoteMediaException bare = StatusTranslator.translate(Status.UNAUTHENTICATED
        .withDescription("missing or invalid credentials").asRuntimeException());

    assertThat(withDetail).isInstanceOf(RemoteMediaAuthenticationException.class)
        .hasMessage("missing or invalid credentials");
    assertThat(bare).isInstanceOf(RemoteMediaAuthenticationException.class)
        .hasMessage("UNAUTHENTICATED: missing or invalid credentials");
    assertThat(bare.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
  }

  @Test
  void translate_permissionDenied_isTheAuthenticationType() {
    RemoteMediaException e = StatusTranslator.translate(Status.PERMISSION_DENIED
        .withDescription("client \"bob\" may not call ExecutePipeline").asRuntimeException());

    assertThat(e).isInstanceOf(RemoteMediaAuthenticationException.class)
        .hasMessage("PERMISSION_DENIED: client \"bob\" may not call ExecutePipeline");
    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
  }

  @Test
  void translate_healthCheckRefusedTheCredentials_isTheAuthenticationType() {
    StatusRuntimeException unavailable = Status.UNAVAILABLE.withDescription(
        StatusTranslator.HEALTH_CHECK_CLOSED + " Status{code=UNAUTHENTICATED, description=missing"
            + " or invalid credentials, cause=null} for 'remotemedia.v1.PipelineService'")
        .asRuntimeException();

    RemoteMediaException e = StatusTranslator.translate(unavailable);

    assertThat(e).isInstanceOf(RemoteMediaAuthenticationException.class)
        .hasMessageStartingWith("the server's health service (grpc.health.v1.Health) refused"
            + " this client's credentials, so no replica can be used; give a valid token, or"
            + " exempt grpc.health.v1.Health/Watch from authentication on the server");
    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void translate_brokenConnection_isUnavailableNotBusy() {
    // What grpc-java reports on an open stream when the replica's process is killed.
    RemoteMediaException e = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("io exception").withCause(new java.io.IOException(
            "Connection reset by peer")).asRuntimeException());

    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e).hasMessage("UNAVAILABLE: io exception: Connection reset by peer");
  }

  @Test
  void translate_connectionClosedForTooManyResets_isUnavailableNamingTheServerSetting() {
    // What grpc-java 1.85 gave the calls on a connection the server closed for resets
    // (RapidResetTest's server, a client cancelling streams, 2026-12-06).
    RemoteMediaException e = StatusTranslator.translate(Status.RESOURCE_EXHAUSTED
        .withDescription("Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM"
            + " (Bandwidth exhausted), debug data: too_many_rststreams").asRuntimeException());

    // Not RESOURCE_LIMIT, which promises a limit() of this call's that does not exist.
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("the server closed the connection, and every call on"
        + " it, because this client reset (cancelled) more streams on it within 10 s than the"
        + " server allows (server.max_stream_resets_per_10s)");
  }

  @Test
  void translate_causeAlreadyInTheDescriptionOrWithoutAMessage_addsNothing() {
    RemoteMediaException described = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("Unable to resolve host x.invalid: x.invalid")
        .withCause(new java.net.UnknownHostException("x.invalid")).asRuntimeException());
    RemoteMediaException bare = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("io exception")
        .withCause(new java.io.IOException()).asRuntimeException());

    assertThat(described).hasMessage("UNAVAILABLE: Unable to resolve host x.invalid: x.invalid");
    assertThat(bare).hasMessage("UNAVAILABLE: io exception");
  }

  @Test
  void translate_connectionClosedWithoutAWord_hintsAtTls() {
    // What a plaintext client got from a TLS server in TlsEndToEndTest, in some runs; in
    // others the server reset the connection ("Connection reset by peer"), which a killed
    // replica does too, so that one gets no hint.
    RemoteMediaException closed = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("Network closed for unknown reason").asRuntimeException());
    RemoteMediaException reset = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("io exception").withCause(new java.io.IOException(
            "recvAddress(..) failed with error(-104): Connection reset by peer"))
        .asRuntimeException());

    assertThat(closed).hasMessage("UNAVAILABLE: Network closed for unknown reason; the server"
        + " closed the connection without saying why (a server that wants TLS does so with a"
        + " plaintext client: if it does, connect with TLS)");
    assertThat(reset).hasMessage("UNAVAILABLE: io exception: recvAddress(..) failed with"
        + " error(-104): Connection reset by peer");
  }

  @Test
  void translate_deadlineWithoutDetail_saysWhereTheCallWasWhenItPassed() {
    // grpc-java's texts, as a call to a port where nothing listens and one to a silent
    // listener gave them (2026-12-05, grpc-java 1.85).
    RemoteMediaException betweenAttempts = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("CallOptions deadline exceeded after 0.998s. [closed=[UNAVAILABLE,"
            + " UNAVAILABLE, UNAVAILABLE, UNAVAILABLE], open=[]]").asRuntimeException());
    RemoteMediaException waiting = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("CallOptions deadline exceeded after 0.457s. Name resolution delay"
            + " 0.004 seconds. [closed=[], open=[[connecting_and_lb_delay=595682221ns,"
            + " was_still_waiting]]]").asRuntimeException());
    RemoteMediaException answering = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("deadline exceeded after 2.9s. [closed=[], open=[[buffered_nanos=1,"
            + " remote_addr=127.0.0.1/127.0.0.1:50051]]]").asRuntimeException());
    // call --deadline-s 0.001 (a helper's run, 2026-12-05).
    RemoteMediaException beforeStart = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("ClientCall started after CallOptions deadline was exceeded"
            + " -0.000512000s ago. Name resolution delay 0.000000000 seconds. waiting for"
            + " name_resolver").asRuntimeException());

    assertThat(beforeStart.getMessage()).startsWith("the call did not end"
        + " within its deadline: it had passed before the call could start");
    assertThat(betweenAttempts.getMessage()).contains(": it passed between attempts");
    assertThat(waiting.getMessage()).contains(": no replica was ready to take it in time");
    assertThat(answering.getMessage()).contains(": the server did not answer in time")
        .endsWith("(DEADLINE_EXCEEDED: deadline exceeded after 2.9s. [closed=[],"
            + " open=[[buffered_nanos=1, remote_addr=127.0.0.1/127.0.0.1:50051]]])");
    assertThat(List.of(betweenAttempts, waiting, answering, beforeStart))
        .allSatisfy(e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
  }

  @Test
  void translate_deadlineUsedUpBeforeAConnectedChannelStartedTheCall_blamesThisClientsWork() {
    // A connected client, 150 ms, 11.5 MB to encode (an attack on the SDK, 2026-12-07): no
    // name_resolver wait, a resolution delay of 0.
    RemoteMediaException late = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("ClientCall started after CallOptions deadline was exceeded"
            + " -0.072534561 seconds ago. Name resolution delay 0.000000000 seconds.")
        .asRuntimeException());

    assertThat(late.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(late.getMessage()).startsWith("the call did not end within its deadline: it had"
        + " passed before the call could start, used up in this client before the call was"
        + " sent (a first call's version check, encoding a large request), so it never"
        + " reached a server (DEADLINE_EXCEEDED: ClientCall started after")
        .doesNotContain("resolve the target");
    // The same text when resolving took the time, with no name_resolver wait left at the end.
    RemoteMediaException resolving = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("ClientCall started after CallOptions deadline was exceeded"
            + " -0.001000000 seconds ago. Name resolution delay 0.350000000 seconds.")
        .asRuntimeException());
    assertThat(resolving.getMessage()).contains("(too short for the client to resolve the"
        + " target and connect)");
  }

  @Test
  void translate_deadlineWhileResolvingTheTarget_saysItNeverReachedAServer() {
    // grpc-java's text when the deadline passed while the channel was still resolving the
    // target (DeadlineMessagesTest in a new JVM on a loaded machine, 2026-12-06, grpc-java
    // 1.85).
    RemoteMediaException resolving = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("Deadline CallOptions was exceeded after 0.414641486s waiting for"
            + " name_resolver").asRuntimeException());

    assertThat(resolving.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(resolving).hasMessage("the call did not end within its deadline: it had passed"
        + " before the call could start (too short for the client to resolve the target and"
        + " connect), so it never reached a server (DEADLINE_EXCEEDED: Deadline CallOptions was"
        + " exceeded after 0.414641486s waiting for name_resolver)");
  }

  @Test
  void translate_deadlineAfterTheServersReset_saysTheServerDidNotAnswerInTime() {
    // grpc-java's text when the server, holding the answer, reset the call (CANCELLED) at the
    // deadline it was sent a moment before this client's own timer fired: the reset attempt
    // was closed and the next not yet open (DeadlineMessagesTest on a loaded machine,
    // 2026-12-06, grpc-java 1.85).
    RemoteMediaException reset = StatusTranslator.translate(Status.DEADLINE_EXCEEDED
        .withDescription("CallOptions deadline exceeded after 2.944420103s. Name resolution"
            + " delay 0.000000000 seconds. [closed=[CANCELLED], open=[]]").asRuntimeException());
    RemoteMediaException resetAfterRetries = StatusTranslator.translate(
        Status.DEADLINE_EXCEEDED.withDescription("CallOptions deadline exceeded after 3s."
            + " [closed=[UNAVAILABLE, CANCELLED], open=[]]").asRuntimeException());

    assertThat(List.of(reset, resetAfterRetries)).allSatisfy(e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(e.getMessage()).startsWith("the call did not end within its deadline: the"
          + " server did not answer in time, and reset the call as the deadline passed");
    });
    assertThat(reset.getMessage()).endsWith("(DEADLINE_EXCEEDED: CallOptions deadline exceeded"
        + " after 2.944420103s. Name resolution delay 0.000000000 seconds. [closed=[CANCELLED],"
        + " open=[]])");
  }

  @Test
  void translate_longMultiLineCause_keepsItsFirstLineBounded() {
    RemoteMediaException e = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("io exception").withCause(new java.io.IOException(
            "x".repeat(500) + "\nsecond line")).asRuntimeException());

    assertThat(e).hasMessage("UNAVAILABLE: io exception: " + "x".repeat(200) + "...");
  }

  @Test
  void translate_drainingDetail_isDraining() {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setType(ErrorType.ERROR_TYPE_DRAINING)
        .setMessage("the server is shutting down")
        .build();

    RemoteMediaException e = StatusTranslator.translate(failure(Status.Code.UNAVAILABLE, detail));

    assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
    assertThat(e).hasMessage("the server is shutting down");
  }

  @Test
  void translate_withoutDetail_derivesTheKindFromTheCode() {
    assertThat(kindWithoutDetail(Status.Code.INVALID_ARGUMENT)).isEqualTo(ErrorKind.VALIDATION);
    assertThat(kindWithoutDetail(Status.Code.RESOURCE_EXHAUSTED))
        .isEqualTo(ErrorKind.RESOURCE_LIMIT);
    assertThat(kindWithoutDetail(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(kindWithoutDetail(Status.Code.CANCELLED)).isEqualTo(ErrorKind.CANCELLED);
    assertThat(kindWithoutDetail(Status.Code.FAILED_PRECONDITION))
        .isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
    assertThat(kindWithoutDetail(Status.Code.UNAVAILABLE)).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(kindWithoutDetail(Status.Code.INTERNAL)).isEqualTo(ErrorKind.INTERNAL);
    assertThat(kindWithoutDetail(Status.Code.UNKNOWN)).isEqualTo(ErrorKind.INTERNAL);
  }

  @Test
  void translate_malformedDetail_fallsBackToTheCodeAndKeepsTheParseError() {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.INVALID_ARGUMENT.value())
        .setMessage("bad manifest")
        .addDetails(Any.newBuilder()
            .setTypeUrl("type.googleapis.com/" + ErrorDetail.getDescriptor().getFullName())
            .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01})))
        .build();
    StatusRuntimeException cause = StatusProto.toStatusRuntimeException(status);

    RemoteMediaException e = StatusTranslator.translate(cause);

    assertThat(e).isExactlyInstanceOf(RemoteMediaException.class)
        .hasMessage("INVALID_ARGUMENT: bad manifest")
        .hasCause(cause);
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(cause.getSuppressed()).hasSize(1);
  }

  private static ErrorKind kindWithoutDetail(Status.Code code) {
    RemoteMediaException e = StatusTranslator.translate(
        Status.fromCode(code).asRuntimeException());
    assertThat(e).isExactlyInstanceOf(RemoteMediaException.class)
        .hasMessageEndingWith(code == Status.Code.DEADLINE_EXCEEDED
            ? "(" + code.name() + ")" : code.name());
    assertThat(e.code()).isEqualTo(code);
    return e.kind();
  }

  private static StatusRuntimeException failure(Status.Code code, ErrorDetail detail) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(detail.getMessage())
        .addDetails(Any.pack(detail))
        .build());
  }
}
