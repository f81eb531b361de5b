package io.remotemedia.server.internal.transport;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.internal.wire.ErrorWire;
import java.util.Optional;

/**
 * Turns pipeline failures into gRPC statuses: the code for generic tools, and an {@code
 * ErrorDetail} in the status details for the SDK. The only place in the server that builds a
 * {@link Status}, and so the place that bounds what a status echoes of the client's text
 * ({@link BoundedText}): the whole status stays well under the 8 KiB header limit of the
 * common clients, whatever the client sent.
 */
public final class StatusMapper {
  /**
   * The largest status message, in bytes of UTF-8, when the first attempt does not fit {@link
   * #STATUS_HEADER_BUDGET_BYTES}.
   */
  private static final int SHORT_TEXT_BYTES = 256;
  /** What the message and details of a status may take of the trailers, encoded. */
  static final int STATUS_HEADER_BUDGET_BYTES = 6 * 1024;

  private StatusMapper() {}

  /**
   * {@return the gRPC status code for a kind of failure}
   *
   * @param kind a kind of failure
   */
  public static Status.Code codeFor(ErrorKind kind) {
    return switch (kind) {
      case VALIDATION, INVALID_AUDIO, NODE_EXECUTION -> Status.Code.INVALID_ARGUMENT;
      case RESOURCE_LIMIT, BUSY, QUOTA_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
      case CANCELLED -> Status.Code.CANCELLED;
      case PROTOCOL_MISMATCH -> Status.Code.FAILED_PRECONDITION;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case INTERNAL -> Status.Code.INTERNAL;
      case DRAINING, UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
    };
  }

  /**
   * Builds the exception to close a call with for {@code error}.
   *
   * @param error the failure
   * @return the exception, with the status code for its kind and the {@code ErrorDetail} in the
   *     trailers
   */
  public static StatusRuntimeException toStatusException(PipelineException error) {
    ErrorDetail full = ErrorWire.toProto(error);
    com.google.rpc.Status status = status(error.kind(), full, BoundedText.MAX_TEXT_BYTES);
    if (encodedSize(status) > STATUS_HEADER_BUDGET_BYTES) {
      status = status(error.kind(), full, SHORT_TEXT_BYTES);
    }
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * Refuses {@code call} before its handler runs: closes it with {@code refusal}'s status and
   * trailers. For an interceptor, which returns the listener this gives.
   *
   * @param call the call to close; nothing else may use it meanwhile
   * @param refusal the status and trailers to close it with
   * @param <ReqT> the call's request type
   * @return a listener that ignores the rest of the call
   */
  public static <ReqT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, ?> call,
      StatusRuntimeException refusal) {
    call.close(refusal.getStatus(), refusal.getTrailers() == null ? new Metadata()
        : refusal.getTrailers());
    return new ServerCall.Listener<>() { };
  }

  /**
   * As {@link #refuse(ServerCall, StatusRuntimeException)}, with {@code error}'s status and
   * {@code ErrorDetail} ({@link #toStatusException}).
   *
   * @param call the call to close; nothing else may use it meanwhile
   * @param error why it is refused
   * @param <ReqT> the call's request type
   * @return a listener that ignores the rest of the call
   */
  public static <ReqT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, ?> call,
      PipelineException error) {
    return refuse(call, toStatusException(error));
  }

  private static com.google.rpc.Status status(ErrorKind kind, ErrorDetail full, int textBytes) {
    ErrorDetail detail = bounded(full, textBytes);
    return com.google.rpc.Status.newBuilder()
        .setCode(codeFor(kind).value())
        .setMessage(detail.getMessage())
        .addDetails(Any.pack(detail))
        .build();
  }

  /** Returns {@code detail} with every text field bounded. */
  private static ErrorDetail bounded(ErrorDetail detail, int textBytes) {
    ErrorDetail.Builder builder = detail.toBuilder()
        .setMessage(BoundedText.truncate(BoundedText.shortenRuns(detail.getMessage()), textBytes))
        .setNodeId(BoundedText.of(detail.getNodeId()))
        .clearContext();
    if (detail.hasLocation()) {
      builder.getLocationBuilder().setPath(BoundedText.of(detail.getLocation().getPath()));
    }
    if (detail.hasLimit()) {
      builder.getLimitBuilder().setLimit(BoundedText.of(detail.getLimit().getLimit()));
    }
    detail.getContextMap().forEach((key, value) ->
        builder.putContext(BoundedText.of(key), BoundedText.of(value)));
    return builder.build();
  }

  /** The status's size in the trailers: percent-encoded message plus base64 details. */
  static int encodedSize(com.google.rpc.Status status) {
    int message = 0;
    for (byte b : status.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      message += b >= ' ' && b <= '~' && b != '%' ? 1 : 3;
    }
    return message + (status.getSerializedSize() + 2) / 3 * 4;
  }

  /**
   * Reads back the kind of failure a closed call carried: the {@code ErrorDetail}'s type when
   * the trailers have one, else the kind the code stands for. Empty for OK and for codes no
   * kind stands for (UNAVAILABLE, UNIMPLEMENTED, ...).
   *
   * @param status the status the call closed with
   * @param trailers the call's trailers; may be null
   * @return the kind of failure, or empty
   */
  public static Optional<ErrorKind> kindOf(Status status, Metadata trailers) {
    if (status.isOk()) {
      return Optional.empty();
    }
    com.google.rpc.Status details = trailers == null ? null
        : StatusProto.fromStatusAndTrailers(status, trailers);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        if (any.is(ErrorDetail.class)) {
          try {
            return Optional.of(ErrorWire.fromProto(any.unpack(ErrorDetail.class).getType()));
          } catch (InvalidProtocolBufferException e) {
            break; // our own trailer, so unreachable; fall back to the code
          }
        }
      }
    }
    return kindOf(status.getCode());
  }

  /**
   * {@return the kind of failure a status code stands for, without a detail}
   *
   * @param code a gRPC status code
   */
  public static Optional<ErrorKind> kindOf(Status.Code code) {
    return Optional.ofNullable(switch (code) {
      case INVALID_ARGUMENT -> ErrorKind.VALIDATION;
      case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_LIMIT;
      case DEADLINE_EXCEEDED -> ErrorKind.TIMEOUT;
      case CANCELLED -> ErrorKind.CANCELLED;
      case FAILED_PRECONDITION -> ErrorKind.PROTOCOL_MISMATCH;
      case UNAUTHENTICATED -> ErrorKind.UNAUTHENTICATED;
      case NOT_FOUND -> ErrorKind.NOT_FOUND;
      case INTERNAL, UNKNOWN, DATA_LOSS -> ErrorKind.INTERNAL;
      default -> null;
    });
  }

  /**
   * Builds the exception for an unexpected failure. The message is generic: internals and
   * stack traces stay in the server log.
   *
   * @param requestId the request id the server logged the failure under
   * @return the exception, with code INTERNAL
   */
  public static StatusRuntimeException internal(String requestId) {
    return toStatusException(PipelineException.of(ErrorKind.INTERNAL,
        "internal error; the server log has the details under request id " + requestId));
  }

  /**
   * Ends {@code call} with {@code failure} unless it has ended already: for a call whose work
   * threw an {@link Error} at a moment the caller cannot know (before or after its answer).
   *
   * @param call the call's response observer
   * @param failure what to end it with
   */
  static void endUnlessClosed(StreamObserver<?> call, StatusRuntimeException failure) {
    try {
      call.onError(failure);
    } catch (IllegalStateException alreadyClosed) {
      // The answer went out before the Error; nothing is left to say.
    }
  }

  /**
   * Builds the exception a call without valid credentials is closed with. The message is the
   * same whatever was wrong (missing, malformed or unknown token), so that it tells a prober
   * nothing; the server log and the failure counter keep the reason.
   *
   * @return the exception, with code UNAUTHENTICATED
   */
  public static StatusRuntimeException unauthenticated() {
    return toStatusException(PipelineException.of(ErrorKind.UNAUTHENTICATED,
        "missing or invalid credentials"));
  }
}
