package io.remotemedia.server.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the connections the server has ended with GOAWAY and an HTTP/2 error code, by code:
 * a client that broke HTTP/2's rules ({@code PROTOCOL_ERROR}, {@code FRAME_SIZE_ERROR}, ...)
 * or flooded the server ({@code ENHANCE_YOUR_CALM}: too many resets, pings, empty DATA frames,
 * SETTINGS frames or unsent control frames), or the server's own failure ({@code INTERNAL_ERROR}). A GOAWAY
 * with {@code NO_ERROR} (a drain, a connection's maximum age) is not counted. The logs name
 * only one such error per 10 s ({@code ClientMistakeLogs}), and the keepalive policy's
 * {@code too_many_pings} none. Thread-safe: every event loop counts into one instance.
 *
 * <pre>{@code
 * long floods = transport.connectionErrors().count(Http2Error.ENHANCE_YOUR_CALM);
 * }</pre>
 */
public final class ConnectionErrors {
  private final Map<Http2Error, LongAdder> counts;
  private final Http2Connection.Listener listener = new Http2ConnectionAdapter() {
    @Override
    public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
      LongAdder count = counts.get(Http2Error.valueOf(errorCode));
      if (count != null) {
        count.increment();
      }
    }
  };

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

  /** {@return the listener to add to each connection; it counts the GOAWAY frames it sends} */
  Http2Connection.Listener listener() {
    return listener;
  }
}
