package io.remotemedia.server.internal.transport;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the statuses grpc-java's transport ends a stream with when the client's bytes are
 * wrong, and explains them as pipeline failures, so that the client gets our code and {@code
 * ErrorDetail} instead of INTERNAL or a bare RESOURCE_EXHAUSTED.
 *
 * <p>grpc-java names these failures only in its status descriptions, so this class matches
 * their text; {@code TransportFailuresTest} pins the texts of the grpc-java version we build
 * with, and the wire tests send each mistake for real. A text it does not know is left as
 * grpc-java answered it.
 */
final class TransportFailures {
  /** "gRPC message exceeds maximum size 1048576: 1048577" (MessageDeframer). */
  private static final Pattern TOO_LARGE =
      Pattern.compile("gRPC message exceeds maximum size (\\d+): (-?\\d+)");

  private TransportFailures() {}

  /** Explains {@code status} as the client's mistake, or returns empty if it is not one. */
  static Optional<PipelineException> explain(Status status) {
    String description = String.valueOf(status.getDescription());
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      Matcher tooLarge = TOO_LARGE.matcher(description);
      if (tooLarge.find()) {
        return Optional.of(tooLarge(Long.parseLong(tooLarge.group(1)),
            Long.parseLong(tooLarge.group(2))));
      }
      return Optional.empty();
    }
    if (status.getCode() != Status.Code.INTERNAL) {
      return Optional.empty();
    }
    if (description.contains("end-of-stream mid-frame")) {
      return Optional.of(malformed("the client ended the stream in the middle of a message"
          + " (a half-close before all the bytes the message's 5-byte prefix announced)"));
    }
    if (description.contains("compression not configured")) {
      return Optional.of(malformed("a message has the compressed flag set, but the call"
          + " declares no grpc-encoding to decompress it with"));
    }
    if (description.equals("Too many requests")) {
      // grpc's call (ServerCallImpl) resets the stream of a unary call or server stream at
      // its second request message.
      return Optional.of(PipelineException.of(ErrorKind.VALIDATION, "the client sent a second"
          + " request message on a call whose method takes exactly one"));
    }
    if (description.contains("reserved bits not zero")) {
      return Optional.of(malformed("a message prefix has reserved flag bits set; only bit 0"
          + " (compressed) is defined"));
    }
    return Optional.empty();
  }

  private static PipelineException tooLarge(long limitBytes, long actualBytes) {
    // A length with the top bit set reads as negative: the client announced more than 2 GiB.
    long actual = actualBytes < 0 ? actualBytes & 0xFFFF_FFFFL : actualBytes;
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the request message is "
            + actual + " bytes, over the server's limit of " + limitBytes + " bytes ("
            + AliasingMarshaller.SIZE_LIMIT_NAME + "); it was refused from its 5-byte prefix,"
            + " before its body was read")
        .limit(new LimitViolation(AliasingMarshaller.SIZE_LIMIT_NAME, limitBytes, actual))
        .build();
  }

  private static PipelineException malformed(String problem) {
    return PipelineException.of(ErrorKind.VALIDATION, "malformed gRPC framing: " + problem);
  }
}
