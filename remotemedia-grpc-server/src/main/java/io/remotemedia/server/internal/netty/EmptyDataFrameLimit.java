package io.remotemedia.server.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Closes a connection with GOAWAY {@code ENHANCE_YOUR_CALM} when its client sends more than
 * {@link #MAX_IN_A_ROW} DATA frames in a row that carry no data and do not end their stream.
 *
 * <p>Such a frame costs its client 9 bytes and no flow-control window, and the server a pass
 * through grpc's stream and deframer: a million of them on one open call took about 0.85 s of
 * the server's CPU and were read to the end, with nothing to stop them. Netty's own HTTP/2
 * servers stop them ({@code decoderEnforceMaxConsecutiveEmptyDataFrames}, 2 by default), and
 * so does Envoy (1), but grpc-netty builds its decoder without that option, and Netty's
 * listener for it is not public; this one counts the same way. Any DATA frame with data or
 * with END_STREAM, and any HEADERS frame, starts the count again, on any stream of the
 * connection. The limit is higher than Netty's so that a request framed with a few empty
 * frames between its parts, as {@code ServerFramingTest} sends, is still served. One instance
 * per connection; runs on its event loop.
 */
final class EmptyDataFrameLimit extends Http2FrameListenerDecorator {
  /** The most empty DATA frames without END_STREAM a client may send in a row. */
  static final int MAX_IN_A_ROW = 16;
  private int inARow;

  EmptyDataFrameLimit(Http2FrameListener next) {
    super(next);
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
      boolean endOfStream) throws Http2Exception {
    if (endOfStream || data.isReadable()) {
      inARow = 0;
    } else if (++inARow == MAX_IN_A_ROW + 1) {
      // Once: the frames after it in the same read still come here while the connection
      // closes, and one GOAWAY is enough.
      throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
          "%d empty DATA frames in a row without END_STREAM, more than the limit of %d",
          inARow, MAX_IN_A_ROW);
    }
    return super.onDataRead(ctx, streamId, data, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int padding, boolean endOfStream) throws Http2Exception {
    inARow = 0;
    super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream)
      throws Http2Exception {
    inARow = 0;
    super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding,
        endOfStream);
  }
}
