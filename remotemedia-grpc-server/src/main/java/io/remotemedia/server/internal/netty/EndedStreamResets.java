package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Keeps a client's reset of a stream the server has already ended away from grpc's
 * rapid-reset counter ({@code maxRstFramesPerWindow}, our {@code
 * server.max_stream_resets_per_10s}), which counts every RST_STREAM it is given.
 *
 * <p>When the server ends a call before its client has finished sending (a refusal at the
 * headers, a bad {@code open}, a timeout), the client resets the stream to stop sending, as
 * HTTP/2 has it. Counted, a thousand such refusals in 10 s closed the connection with
 * ENHANCE_YOUR_CALM and every healthy call on it: on a proxy's shared upstream connection,
 * other clients' calls. Such a reset costs the server nothing the call had not already cost:
 * the call is over. Resets of streams the server has not ended, the rapid-reset flood, still
 * reach grpc and are counted.
 *
 * <p>A stream the server has ended and the client has not is HTTP/2's "half-closed (local)".
 * Netty's decoder hands the reset to the listener and then closes the stream itself, so
 * passing over grpc's listener loses nothing but the count: grpc's stream has finished when
 * its trailers were written.
 */
final class EndedStreamResets extends Http2FrameListenerDecorator {
  private final Http2Connection connection;

  EndedStreamResets(Http2FrameListener grpc, Http2Connection connection) {
    super(grpc);
    this.connection = connection;
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode)
      throws Http2Exception {
    Http2Stream stream = connection.stream(streamId);
    if (stream != null && stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
      return;
    }
    super.onRstStreamRead(ctx, streamId, errorCode);
  }
}
