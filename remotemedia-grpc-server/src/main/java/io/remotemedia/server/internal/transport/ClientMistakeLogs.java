package io.remotemedia.server.internal.transport;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.remotemedia.server.internal.logging.FailureLog;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.logging.log4j.LogManager;

/**
 * Keeps grpc-netty's stack traces for a client's mistakes off stderr (java.util.logging writes
 * them there): each is 40 to 65 lines, a client can send thousands a second, and each such
 * call is already answered and written once to the access log with its status.
 *
 * <ul>
 *   <li>{@code io.grpc.netty.NettyServerStream} logs only "Exception processing message", for
 *       bytes the deframer refuses (over the size limit, a half-close mid-message, a compressed
 *       flag without an encoding); {@link BadRequestCallHandler} answers them. Raised to
 *       SEVERE.
 *   <li>{@code io.grpc.netty.NettyServerHandler} logs "Stream Error" and "Connection Error"
 *       for any HTTP/2 failure; those caused by headers over the size limit are dropped (the
 *       client gets HTTP 431, or the connection closes past 1.25 times the limit; see
 *       docs/protocol.md), and so are those of answers still waiting for the client's
 *       flow-control window when its connection closed ("Stream closed before write could
 *       take place"): a client that sent 20,000 calls, read none of the answers and closed
 *       its connection made the server log 20,000 WARN lines with stack traces, about 3 KB
 *       each; every such call is in the access log already. Every other record of it still
 *       goes out.
 *   <li>{@code io.grpc.netty.NettyServerTransport.connections} logs "Transport failed" at INFO
 *       when such a connection closes; the same records are dropped, and so are those of a
 *       connection that did not open with HTTP/2's preface (an HTTP/1.1 request, a port
 *       scanner's bytes, plaintext sent after a TLS handshake): nothing was served on it, and
 *       any client can send them as fast as it can connect.
 *   <li>Both loggers write a stack trace for every other break of HTTP/2's rules by the
 *       client: "Transport failed" for a connection the server ended with GOAWAY (a frame over
 *       16 KiB, a WINDOW_UPDATE of 0, DATA on stream 0, HPACK that does not decode), and a
 *       WARN "Stream Error" for a stream it reset (a stream that depends on itself, a
 *       WINDOW_UPDATE of 0 on a call's stream): one open connection made 300 of them in under a
 *       second. Those records are replaced by one WARN line per {@link #PROTOCOL_ERROR_INTERVAL}
 *       naming the HTTP/2 error and the count of the others. An {@code INTERNAL_ERROR} is the
 *       server's own failure, and is still written whole.
 * </ul>
 *
 * <p>Checked against grpc-netty 1.85.1 (the log calls read from its bytecode); check again when
 * grpc is upgraded. The wire tests fail if a client's mistake still reaches stderr.
 */
public final class ClientMistakeLogs {
  /** The logger grpc-netty's server stream writes the deframer's failures to. */
  static final String STREAM_LOGGER = "io.grpc.netty.NettyServerStream";
  /** The logger grpc-netty's HTTP/2 handler writes stream and connection errors to. */
  static final String HANDLER_LOGGER = "io.grpc.netty.NettyServerHandler";
  /** The logger grpc-netty writes a connection's end to. */
  static final String CONNECTIONS_LOGGER = "io.grpc.netty.NettyServerTransport.connections";
  // Held: java.util.logging keeps loggers weakly, and a collected logger forgets its settings.
  private static final Logger STREAM_LOG = Logger.getLogger(STREAM_LOGGER);
  private static final Logger HANDLER_LOG = Logger.getLogger(HANDLER_LOGGER);
  private static final Logger CONNECTIONS_LOG = Logger.getLogger(CONNECTIONS_LOGGER);
  /** At most one line about clients' HTTP/2 protocol errors per this interval. */
  public static final Duration PROTOCOL_ERROR_INTERVAL = Duration.ofSeconds(10);
  private static final FailureLog PROTOCOL_ERRORS = new FailureLog(
      PROTOCOL_ERROR_INTERVAL.toNanos(), System::nanoTime,
      LogManager.getLogger(ClientMistakeLogs.class)::warn);
  private static final Filter NOT_A_CLIENTS_STREAM_MISTAKE = record -> !isOversizedHeaders(record)
      && !isAbandonedAnswer(record) && !notedAsProtocolError(record);
  private static final Filter NOT_A_CLIENTS_MISTAKE = record -> !isOversizedHeaders(record)
      && !isBadPreface(record) && !notedAsProtocolError(record);

  private ClientMistakeLogs() {}

  /** Installs the level and the filter. Idempotent. */
  public static void keepOffStderr() {
    STREAM_LOG.setLevel(Level.SEVERE);
    HANDLER_LOG.setFilter(NOT_A_CLIENTS_STREAM_MISTAKE);
    CONNECTIONS_LOG.setFilter(NOT_A_CLIENTS_MISTAKE);
  }

  /**
   * Whether a record is about a connection that did not start with HTTP/2's client preface
   * (Netty's preface decoder: "Unexpected HTTP/1.x request: ..." or "HTTP/2 client preface
   * string missing or corrupt...").
   */
  static boolean isBadPreface(LogRecord record) {
    for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
      if (cause instanceof Http2Exception) {
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("Unexpected HTTP/1.x request")
            || message.startsWith("HTTP/2 client preface string missing or corrupt")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a record is about an answer that was still waiting for the client's flow-control
   * window when the client closed the stream or its connection (Netty's flow controller).
   */
  static boolean isAbandonedAnswer(LogRecord record) {
    return record.getThrown() instanceof Http2Exception.StreamException stream
        && stream.error() == Http2Error.STREAM_CLOSED
        && String.valueOf(stream.getMessage())
            .startsWith("Stream closed before write could take place");
  }

  /**
   * Whether a record is about the client breaking HTTP/2's rules; if it is, the rate-limited
   * line counts it, or names it when its interval has passed.
   */
  private static boolean notedAsProtocolError(LogRecord record) {
    Optional<Http2Exception> error = ClientProtocolErrors.in(record.getThrown());
    error.ifPresent(found -> PROTOCOL_ERRORS.failure(describe(found)));
    return error.isPresent();
  }

  /** {@return one line about a client's HTTP/2 protocol error and what the server did} */
  static String describe(Http2Exception error) {
    String answer = error instanceof Http2Exception.StreamException stream
        ? "reset stream " + stream.streamId() : "closed the connection with GOAWAY";
    return "a client broke HTTP/2's rules (" + ClientProtocolErrors.describe(error)
        + "); the server " + answer;
  }

  /** Whether a record is about headers over the server's limit (Netty's HPACK decoder). */
  static boolean isOversizedHeaders(LogRecord record) {
    for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
      if (cause instanceof Http2Exception.HeaderListSizeException
          || (cause instanceof Http2Exception
              && String.valueOf(cause.getMessage()).startsWith("Header size exceeded"))) {
        return true;
      }
    }
    return false;
  }
}
