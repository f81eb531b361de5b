package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Resets a stream with NO_ERROR right after the server's trailers end it, when its client has
 * not finished sending: RFC 9113 §8.1 lets a server so ask a client to stop sending a request
 * whose response is complete, and gRPC's HTTP/2 protocol asks servers to. grpc-java does not
 * (grpc-java issue 2162, netty issue 8275).
 *
 * <p>Without the reset such a stream stays half-closed for as long as its connection lives
 * (up to the 30 minutes of its maximum age), with the chunks its client sent ahead, up to the
 * stream's receive window, kept in the transport's direct memory. The call's reservation in
 * {@code limits.total_memory_bytes} is given back when the call ends, so a client that opened
 * streams, filled their windows and never read, 100 of them every 6 s, had the idle timeout end
 * them and took the server's direct memory to its limit while the budget showed 122 MB
 * (found by an attack on the wire, 2026-12-07). The grpc-java and grpc-go clients reset such a
 * stream themselves when the trailers come; the server no longer relies on that.
 *
 * <p>The reset is written after the write that ended the server's side, so the client reads
 * the trailers first. One instance per connection; runs on its event loop.
 */
final class StreamResetAfterTrailers extends Http2ConnectionAdapter {
  private final Http2ConnectionHandler http2;
  private final ChannelHandlerContext ctx;

  /**
   * @param http2 grpc's HTTP/2 handler
   * @param ctx the handler's context
   */
  StreamResetAfterTrailers(Http2ConnectionHandler http2, ChannelHandlerContext ctx) {
    this.http2 = http2;
    this.ctx = ctx;
  }

  @Override
  public void onStreamHalfClosed(Http2Stream stream) {
    if (stream.state() != Http2Stream.State.HALF_CLOSED_LOCAL) {
      return; // the client ended its side first: the stream is closing normally
    }
    if (http2.connection().goAwaySent()) {
      // A connection going away (a drain) ends with its streams; resetting its last one would
      // close it at once (Netty's graceful close), maybe before a client still sending has read
      // the status. A drain's test once saw UNAVAILABLE instead of its DRAINING status in CI.
      return;
    }
    int id = stream.id();
    // Called inside the write that ended the server's side: reset once it has returned.
    ctx.executor().execute(() -> {
      Http2Stream still = http2.connection().stream(id);
      if (still != null && still.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
        http2.resetStream(ctx, id, Http2Error.NO_ERROR.code(), ctx.newPromise());
        ctx.flush();
      }
    });
  }
}
