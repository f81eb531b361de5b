package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.PipelineException;
import java.util.Objects;

/**
 * A request message as the transport read it: the message, or the reason it could not be
 * parsed. {@link AliasingMarshaller} returns one for every message instead of throwing, so that
 * an unparseable message reaches {@link BadRequestCallHandler} and is answered like any other
 * bad request (a grpc-java marshaller that throws has its call closed with UNKNOWN, out of
 * sight of the interceptors).
 *
 * @param message the parsed message, or null when {@code problem} is set
 * @param problem why the bytes are not a message, or null when {@code message} is set
 * <p>It is the request type interceptors see for the pipeline service's methods; they treat it
 * as opaque, as they treat any request type.
 *
 * @param <T> the message type
 */
public record ParsedRequest<T>(T message, PipelineException problem) {
  /**
   * Checks that exactly one of the two is set.
   *
   * @param message the parsed message, or null when {@code problem} is set
   * @param problem why the bytes are not a message, or null when {@code message} is set <p>It is
   *     the request type interceptors see for the pipeline service's methods; they treat it as
   *     opaque, as they treat any request type.
   */
  public ParsedRequest {
    if ((message == null) == (problem == null)) {
      throw new IllegalArgumentException("exactly one of message and problem must be set");
    }
  }

  static <T> ParsedRequest<T> of(T message) {
    return new ParsedRequest<>(Objects.requireNonNull(message, "message"), null);
  }

  static <T> ParsedRequest<T> refused(PipelineException problem) {
    return new ParsedRequest<>(null, Objects.requireNonNull(problem, "problem"));
  }
}
