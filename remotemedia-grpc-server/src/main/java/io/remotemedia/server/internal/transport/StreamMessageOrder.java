package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamRequest;

/**
 * The order in which a StreamPipeline client may send its messages (docs/streaming.md):
 * {@code open} or {@code resume} first and only first, then chunks, then {@code close}, then
 * the half-close; {@code cancel} at any time. For a {@link StreamSession} in a given {@link
 * SessionState}, it says whether the session takes a message or a half-close, and words the
 * error that ends the session when it does not. The session makes the transitions; this class
 * only judges, allocates nothing for a message it takes, and keeps no state.
 */
final class StreamMessageOrder {
  private StreamMessageOrder() {}

  /**
   * {@return the error with which {@code message} ends a session in {@code state}, or null when
   * the session takes it} A {@code cancel} always ends the session, as CANCELLED with the
   * client's reason; a message out of order ends it as VALIDATION.
   *
   * @param state the session's state before the message; never {@link SessionState#DONE},
   *     whose session reads nothing more
   */
  static PipelineException ending(SessionState state, StreamRequest message) {
    return switch (message.getKindCase()) {
      case OPEN -> state == SessionState.AWAITING_OPEN
          ? null : protocol("open may be sent only once, as the first message");
      case RESUME -> state == SessionState.AWAITING_OPEN
          ? null : protocol("resume may be sent only as the first message of a call");
      case CHUNK -> state == SessionState.OPEN ? null : protocol(unexpected(state, "chunk"));
      case CLOSE -> state == SessionState.OPEN ? null : protocol(unexpected(state, "close"));
      case CANCEL -> PipelineException.of(ErrorKind.CANCELLED,
          "stream cancelled by the client" + (message.getCancel().getReason().isEmpty()
              ? "" : ": " + message.getCancel().getReason()));
      case KIND_NOT_SET -> protocol("a StreamRequest must set one of open, resume, chunk,"
          + " close or cancel; this one set none");
    };
  }

  /**
   * {@return the error with which the client's half-close ends a session in {@code state}, or
   * null when it does not: after {@code close}, where the session waits for it, and once the
   * session has ended}
   */
  static PipelineException halfCloseEnding(SessionState state) {
    return switch (state) {
      case AWAITING_OPEN ->
          protocol("the client half-closed the stream before sending open");
      case OPENING, OPEN ->
          protocol("the client half-closed the stream without sending close or cancel");
      case CLOSING, DONE -> null;
    };
  }

  private static String unexpected(SessionState state, String kind) {
    return switch (state) {
      case AWAITING_OPEN, OPENING -> "the first message of a stream must be open; got " + kind;
      default -> kind + " after close: the stream is closing";
    };
  }

  private static PipelineException protocol(String message) {
    return PipelineException.of(ErrorKind.VALIDATION, message);
  }
}
