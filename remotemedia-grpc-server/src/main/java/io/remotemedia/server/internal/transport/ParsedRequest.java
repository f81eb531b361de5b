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
 * <p>It is the request type interceptors see for the pipeline service's methods; those that
 * look into requests read them through {@link #messageOf}.
 *
 * @param message the parsed message, or null when {@code problem} is set
 * @param problem why the bytes are not a message, or null when {@code message} is set
 *
 * @param <T> the message type
 */
public record ParsedRequest<T>(T message, PipelineException problem) {
  /**
   * Checks that exactly one of the two is set.
   *
   * @param message the parsed message, or null when {@code problem} is set
   * @param problem why the bytes are not a message, or null when {@code message} is set
   */
  public ParsedRequest {
    if ((message == null) == (problem == null)) {
      throw new IllegalArgumentException("exactly one of message and problem must be set");
    }
  }

  /**
   * {@return the message a request of any method carries: {@code request} itself, or the
   * message of a {@code ParsedRequest} (null for one that could not be parsed)}
   *
   * @param request a request as an interceptor sees it
   */
  public static Object messageOf(Object request) {
    return request instanceof ParsedRequest<?> parsed ? parsed.message() : request;
  }

  static <T> ParsedRequest<T> of(T message) {
    return new ParsedRequest<>(Objects.requireNonNull(message, "message"), null);
  }

  static <T> ParsedRequest<T> refused(PipelineException problem) {
    return new ParsedRequest<>(null, Objects.requireNonNull(problem, "problem"));
  }
}
