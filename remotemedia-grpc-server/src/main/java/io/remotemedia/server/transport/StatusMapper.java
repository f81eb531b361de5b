package io.remotemedia.server.transport;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.wire.ErrorWire;

/**
 * Turns pipeline failures into gRPC statuses: the code for generic tools, and an {@code
 * ErrorDetail} in the status details for the SDK. The only place in the server that builds a
 * {@link Status}.
 */
public final class StatusMapper {
  private StatusMapper() {}

  /** Returns the gRPC status code for a kind of failure. */
  public static Status.Code codeFor(ErrorKind kind) {
    return switch (kind) {
      case VALIDATION, INVALID_AUDIO, NODE_EXECUTION -> Status.Code.INVALID_ARGUMENT;
      case RESOURCE_LIMIT, BUSY -> Status.Code.RESOURCE_EXHAUSTED;
      case TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
      case CANCELLED -> Status.Code.CANCELLED;
      case PROTOCOL_MISMATCH -> Status.Code.FAILED_PRECONDITION;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case INTERNAL -> Status.Code.INTERNAL;
      case DRAINING, UNAVAILABLE -> Status.Code.UNAVAILABLE;
    };
  }

  /** Builds the exception to close a call with for {@code error}. */
  public static StatusRuntimeException toStatusException(PipelineException error) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(codeFor(error.kind()).value())
        .setMessage(error.getMessage())
        .addDetails(Any.pack(ErrorWire.toProto(error)))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * Builds the exception for an unexpected failure. The message is generic: internals and
   * stack traces stay in the server log.
   */
  public static StatusRuntimeException internal(String requestId) {
    return toStatusException(PipelineException.of(ErrorKind.INTERNAL,
        "internal error; the server log has the details under request id " + requestId));
  }

  /**
   * Builds the exception a call without valid credentials is closed with. The message is the
   * same whatever was wrong (missing, malformed or unknown token), so that it tells a prober
   * nothing; the server log and the failure counter keep the reason.
   */
  public static StatusRuntimeException unauthenticated() {
    return toStatusException(PipelineException.of(ErrorKind.UNAUTHENTICATED,
        "missing or invalid credentials"));
  }
}
