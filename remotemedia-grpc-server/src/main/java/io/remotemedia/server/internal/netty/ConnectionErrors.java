package io.remotemedia.server.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.server.internal.logging.FailureLog;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Counts the connections the server has ended with GOAWAY and an HTTP/2 error code, by code:
 * a client that broke HTTP/2's rules ({@code PROTOCOL_ERROR}, {@code FRAME_SIZE_ERROR}, ...)
 * or flooded the server ({@code ENHANCE_YOUR_CALM}: too many resets, pings, empty DATA frames,
 * SETTINGS frames or unsent control frames), or the server's own failure ({@code
 * INTERNAL_ERROR}). A GOAWAY with {@code NO_ERROR} (a drain, a connection's maximum age) is
 * not counted. The logs name only one such error per 10 s ({@code ClientMistakeLogs}).
 *
 * <p>Two ends grpc does not log where an operator sees them, logged here instead, each kind at
 * most once per {@link #LOG_INTERVAL} (the next line counts the others), with the client's
 * address: at INFO, the keepalive policy closing a client that pings more often than it
 * permits ({@code too_many_pings}); at WARN, the transport closing a connection because a read
 * found no memory for its buffer: an {@link OutOfMemoryError} in the cause chain of the failure
 * that grpc's handler was given ({@link HandledFailure}), such as the JDK's "Cannot reserve N
 * bytes of direct buffer memory" or Netty's {@code OutOfDirectMemoryError} (grpc ends the
 * connection with {@code INTERNAL_ERROR} and logs it only at a level the server's logging
 * configuration drops). Such a failure raised inside grpc's handler, while it gathers or
 * decodes what was read, does not pass a handler of ours: it is told by the words that grpc
 * puts in the GOAWAY's debug data, the JDK's and Netty's direct-memory messages.
 * Thread-safe: every event loop counts into one instance.
 *
 * <pre>{@code
 * long floods = transport.connectionErrors().count(Http2Error.ENHANCE_YOUR_CALM);
 * }</pre>
 */
public final class ConnectionErrors {
  /** At most one line of each kind per this interval. */
  public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  private static final Logger log = LogManager.getLogger(ConnectionErrors.class);
  /** What grpc's keepalive policy writes in the GOAWAY's debug data. */
  private static final String TOO_MANY_PINGS = "too_many_pings";
  /** The most characters of a GOAWAY's debug data or a failure's message a line quotes. */
  private static final int MAX_QUOTED = 200;
  private final Map<Http2Error, LongAdder> counts;
  private final FailureLog pingFloods =
      new FailureLog(LOG_INTERVAL.toNanos(), System::nanoTime, log::info);
  private final FailureLog outOfMemory =
      new FailureLog(LOG_INTERVAL.toNanos(), System::nanoTime, log::warn);

  ConnectionErrors() {
    Map<Http2Error, LongAdder> codes = new EnumMap<>(Http2Error.class);
    for (Http2Error error : Http2Error.values()) {
      if (error != Http2Error.NO_ERROR) {
        codes.put(error, new LongAdder());
      }
    }
    counts = Collections.unmodifiableMap(codes);
  }

  /** {@return the error codes counted: every HTTP/2 error code but NO_ERROR} */
  public Set<Http2Error> codes() {
    return counts.keySet();
  }

  /**
   * {@return how many connections the server has ended with {@code error} since it started,
   * or 0 for {@code NO_ERROR}, which is not counted}
   *
   * @param error an HTTP/2 error code
   */
  public long count(Http2Error error) {
    LongAdder count = counts.get(error);
    return count == null ? 0 : count.sum();
  }

  /**
   * {@return the listener to add to the connection from {@code remote}; it counts the GOAWAY
   * frames the server sends on it, and logs those described above}
   *
   * @param remote the client's address, for the log
   * @param failure the connection's failure on its way to grpc's handler, for the log
   */
  Http2Connection.Listener listener(SocketAddress remote, HandledFailure failure) {
    return new Http2ConnectionAdapter() {
      @Override
      public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
        Http2Error error = Http2Error.valueOf(errorCode);
        LongAdder count = counts.get(error);
        if (count != null) {
          count.increment();
          logEnd(error, debugData, remote, failure.current());
        }
      }
    };
  }

  private void logEnd(Http2Error error, ByteBuf debugData, SocketAddress remote,
      Throwable failure) {
    String debug = debugData.toString(debugData.readerIndex(),
        Math.min(debugData.readableBytes(), MAX_QUOTED), StandardCharsets.UTF_8);
    if (error == Http2Error.ENHANCE_YOUR_CALM && debug.equals(TOO_MANY_PINGS)) {
      pingFloods.failure("closed the connection from " + remote + " with GOAWAY"
          + " ENHANCE_YOUR_CALM too_many_pings: the client pinged more often than the"
          + " keepalive policy permits");
    } else if (error == Http2Error.INTERNAL_ERROR) {
      OutOfMemoryError cause = outOfMemory(failure);
      String text = cause != null ? cause.toString()
          : failure == null && namesDirectMemory(debug) ? debug : null;
      if (text != null) {
        outOfMemory.failure("out of memory: the transport closed the connection from " + remote
            + " with GOAWAY INTERNAL_ERROR (" + text.substring(0, Math.min(text.length(),
            MAX_QUOTED)) + ")");
      }
    }
  }

  // Only for a failure that did not pass HandledFailure, raised inside grpc's handler: the
  // JDK's "Cannot reserve N bytes of direct buffer memory (...)" and Netty's
  // OutOfDirectMemoryError, "failed to allocate N byte(s) of direct memory (...)", which grpc
  // sends as the GOAWAY's debug data.
  private static boolean namesDirectMemory(String debug) {
    String text = debug.toLowerCase(Locale.ROOT);
    return text.contains("direct buffer memory") || text.contains("of direct memory");
  }

  // The first OutOfMemoryError in the failure's cause chain, or null.
  private static OutOfMemoryError outOfMemory(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof OutOfMemoryError error) {
        return error;
      }
    }
    return null;
  }
}
