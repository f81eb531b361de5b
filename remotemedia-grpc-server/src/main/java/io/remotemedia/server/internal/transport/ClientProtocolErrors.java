package io.remotemedia.server.internal.transport;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.util.Optional;

/**
 * Tells a client's break of HTTP/2's rules from the server's own HTTP/2 failure. Netty raises
 * both as an {@link Http2Exception}: the server's with {@code INTERNAL_ERROR}, the client's with
 * the code RFC 9113 gives its mistake ({@code PROTOCOL_ERROR}, {@code FRAME_SIZE_ERROR}, {@code
 * FLOW_CONTROL_ERROR}, ...). Stateless.
 */
final class ClientProtocolErrors {
  private ClientProtocolErrors() {}

  /**
   * {@return the client's HTTP/2 protocol error in {@code thrown} or its causes, if there is
   * one}
   *
   * @param thrown what the transport failed with; may be null
   */
  static Optional<Http2Exception> in(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof Http2Exception http2 && http2.error() != null
          && http2.error() != Http2Error.INTERNAL_ERROR) {
        return Optional.of(http2);
      }
    }
    return Optional.empty();
  }

  /** {@return the error's code and Netty's message, bounded as client text is} */
  static String describe(Http2Exception error) {
    return error.error() + ": " + BoundedText.of(String.valueOf(error.getMessage()));
  }
}
