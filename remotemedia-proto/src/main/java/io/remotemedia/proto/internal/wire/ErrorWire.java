package io.remotemedia.proto.internal.wire;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;

/** Converts failures between {@link PipelineException} and {@link ErrorDetail}. */
public final class ErrorWire {
  private ErrorWire() {}

  /**
   * Describes a failure for the wire.
   *
   * @param error the failure
   * @return the detail with the kind, message, node, location, limit, retry hint and context
   */
  public static ErrorDetail toProto(PipelineException error) {
    ErrorDetail.Builder detail = ErrorDetail.newBuilder()
        .setType(toProto(error.kind()))
        .setMessage(error.getMessage())
        .setRetryAfterMs(error.retryAfterMs())
        .putAllContext(error.context());
    error.nodeId().ifPresent(detail::setNodeId);
    error.location().ifPresent(location -> detail.setLocation(
        io.remotemedia.proto.ManifestLocation.newBuilder()
            .setPath(location.path())
            .setLine(location.line())
            .setColumn(location.column())));
    error.limit().ifPresent(limit -> detail.setLimit(
        io.remotemedia.proto.LimitViolation.newBuilder()
            .setLimit(limit.limit())
            .setLimitValue(limit.limitValue())
            .setActualValue(limit.actualValue())));
    return detail.build();
  }

  /**
   * Fills a builder from a wire detail, so that a subclass (the client's exception) can keep
   * every field.
   *
   * @param detail the wire detail
   * @return a builder with every field of the detail set
   */
  public static PipelineException.Builder toBuilder(ErrorDetail detail) {
    PipelineException.Builder builder =
        PipelineException.builder(fromProto(detail.getType()), detail.getMessage())
            .retryAfterMs(Math.max(0, detail.getRetryAfterMs()))
            .context(detail.getContextMap());
    if (!detail.getNodeId().isEmpty()) {
      builder.nodeId(detail.getNodeId());
    }
    if (detail.hasLocation()) {
      builder.location(new ManifestLocation(detail.getLocation().getPath(),
          detail.getLocation().getLine(), detail.getLocation().getColumn()));
    }
    if (detail.hasLimit()) {
      builder.limit(new LimitViolation(detail.getLimit().getLimit(),
          detail.getLimit().getLimitValue(), detail.getLimit().getActualValue()));
    }
    return builder;
  }

  /**
   * Maps an error kind to the wire enum.
   *
   * @param kind the domain error kind
   * @return the matching wire enum value
   */
  public static ErrorType toProto(ErrorKind kind) {
    return switch (kind) {
      case VALIDATION -> ErrorType.ERROR_TYPE_VALIDATION;
      case INVALID_AUDIO -> ErrorType.ERROR_TYPE_INVALID_AUDIO;
      case NODE_EXECUTION -> ErrorType.ERROR_TYPE_NODE_EXECUTION;
      case RESOURCE_LIMIT -> ErrorType.ERROR_TYPE_RESOURCE_LIMIT;
      case BUSY -> ErrorType.ERROR_TYPE_BUSY;
      case TIMEOUT -> ErrorType.ERROR_TYPE_TIMEOUT;
      case CANCELLED -> ErrorType.ERROR_TYPE_CANCELLED;
      case PROTOCOL_MISMATCH -> ErrorType.ERROR_TYPE_PROTOCOL_MISMATCH;
      case UNAUTHENTICATED -> ErrorType.ERROR_TYPE_UNAUTHENTICATED;
      case INTERNAL -> ErrorType.ERROR_TYPE_INTERNAL;
      case DRAINING -> ErrorType.ERROR_TYPE_DRAINING;
      case UNAVAILABLE -> ErrorType.ERROR_TYPE_UNAVAILABLE;
      case QUOTA_EXCEEDED -> ErrorType.ERROR_TYPE_QUOTA_EXCEEDED;
      case NOT_FOUND -> ErrorType.ERROR_TYPE_NOT_FOUND;
    };
  }

  /**
   * Maps the wire enum to an error kind; unknown values are INTERNAL.
   *
   * @param type the wire enum value, possibly one this version does not know
   * @return the matching error kind, or {@link ErrorKind#INTERNAL}
   */
  public static ErrorKind fromProto(ErrorType type) {
    return switch (type) {
      case ERROR_TYPE_VALIDATION -> ErrorKind.VALIDATION;
      case ERROR_TYPE_INVALID_AUDIO -> ErrorKind.INVALID_AUDIO;
      case ERROR_TYPE_NODE_EXECUTION -> ErrorKind.NODE_EXECUTION;
      case ERROR_TYPE_RESOURCE_LIMIT -> ErrorKind.RESOURCE_LIMIT;
      case ERROR_TYPE_BUSY -> ErrorKind.BUSY;
      case ERROR_TYPE_TIMEOUT -> ErrorKind.TIMEOUT;
      case ERROR_TYPE_CANCELLED -> ErrorKind.CANCELLED;
      case ERROR_TYPE_PROTOCOL_MISMATCH -> ErrorKind.PROTOCOL_MISMATCH;
      case ERROR_TYPE_UNAUTHENTICATED -> ErrorKind.UNAUTHENTICATED;
      case ERROR_TYPE_DRAINING -> ErrorKind.DRAINING;
      case ERROR_TYPE_UNAVAILABLE -> ErrorKind.UNAVAILABLE;
      case ERROR_TYPE_QUOTA_EXCEEDED -> ErrorKind.QUOTA_EXCEEDED;
      case ERROR_TYPE_NOT_FOUND -> ErrorKind.NOT_FOUND;
      case ERROR_TYPE_INTERNAL, ERROR_TYPE_UNSPECIFIED, UNRECOGNIZED -> ErrorKind.INTERNAL;
    };
  }
}
