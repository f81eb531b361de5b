package io.remotemedia.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.internal.wire.ErrorWire;

/**
 * Turns a failed call's status into one {@link RemoteMediaException}: the server's {@link
 * ErrorDetail} when the status carries one (kind, node, manifest location, limit, retry hint),
 * otherwise a kind derived from the code.
 */
final class StatusTranslator {
  /** How grpc's health-checking load balancer describes a refused health-check stream. */
  static final String HEALTH_CHECK_CLOSED = "Health-check stream unexpectedly closed with";
  /** How much of a transport cause's message a failure's message repeats. */
  private static final int MAX_CAUSE_CHARS = 200;
  private StatusTranslator() {}

  static RemoteMediaException translate(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        if (detail.is(ErrorDetail.class)) {
          try {
            return of(code, ErrorWire.toBuilder(detail.unpack(ErrorDetail.class)).cause(e));
          } catch (InvalidProtocolBufferException malformed) {
            e.addSuppressed(malformed);
          }
        }
      }
    }
    String description = e.getStatus().getDescription();
    if (code == Status.Code.UNAVAILABLE && description != null
        && description.startsWith(HEALTH_CHECK_CLOSED)
        && (description.contains("code=UNAUTHENTICATED")
            || description.contains("code=PERMISSION_DENIED"))) {
      // The replicas' health service refused the credentials, so no replica counts as healthy.
      return new RemoteMediaAuthenticationException(Status.Code.UNAUTHENTICATED,
          PipelineException.builder(ErrorKind.UNAUTHENTICATED, "the server's health service"
              + " (grpc.health.v1.Health) refused this client's credentials, so no replica"
              + " can be used; give a valid token, or exempt grpc.health.v1.Health/Watch from"
              + " authentication on the server (" + description + ")").cause(e));
    }
    String message = code + (description == null ? "" : ": " + description)
        + transportCause(e, description);
    return of(code, PipelineException.builder(kindOf(code), message).cause(e));
  }

  /**
   * {@code ": " + } the first line of the cause's message when the description does not already
   * say it: grpc-java describes a refused connection only as "io exception", while its cause
   * says "Connection refused: /127.0.0.1:50051". Empty when there is nothing to add.
   */
  private static String transportCause(StatusRuntimeException e, String description) {
    Throwable cause = e.getCause();
    if (cause == null || cause.getMessage() == null || cause.getMessage().isBlank()) {
      return "";
    }
    String line = cause.getMessage().lines().findFirst().orElse("").strip();
    if (line.length() > MAX_CAUSE_CHARS) {
      line = line.substring(0, MAX_CAUSE_CHARS) + "...";
    }
    return line.isEmpty() || (description != null && description.contains(line))
        ? "" : ": " + line;
  }

  /**
   * Creates the exception type that fits {@code code} and the detail's kind: credentials
   * failures and quota refusals are their own.
   */
  static RemoteMediaException of(Status.Code code, PipelineException.Builder detail) {
    return switch (code) {
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          new RemoteMediaAuthenticationException(code, detail);
      default -> {
        RemoteMediaException failure = new RemoteMediaException(code, detail);
        yield failure.kind() == ErrorKind.QUOTA_EXCEEDED
            ? new RemoteMediaQuotaException(code, detail) : failure;
      }
    };
  }

  private static ErrorKind kindOf(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> ErrorKind.VALIDATION;
      case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_LIMIT;
      case DEADLINE_EXCEEDED -> ErrorKind.TIMEOUT;
      case CANCELLED -> ErrorKind.CANCELLED;
      case FAILED_PRECONDITION -> ErrorKind.PROTOCOL_MISMATCH;
      case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorKind.UNAUTHENTICATED;
      // BUSY is the server's own answer, and always carries its ErrorDetail. A bare
      // UNAVAILABLE comes from the transport: no connection, or a broken one.
      case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
      case NOT_FOUND -> ErrorKind.NOT_FOUND;
      default -> ErrorKind.INTERNAL;
    };
  }
}
