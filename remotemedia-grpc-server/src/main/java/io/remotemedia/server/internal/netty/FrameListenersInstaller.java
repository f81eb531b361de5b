package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.ssl.SslHandler;
import java.util.Map;

/**
 * Waits in a new connection's pipeline, ahead of grpc's handlers, for grpc's HTTP/2 handler;
 * puts our frame listeners in front of grpc's before it decodes a frame (a {@link
 * SettingsFrameLimit} first, then an {@link EmptyDataFrameLimit}, then {@link
 * EndedStreamResets}, then a {@link UnaryRequestWindow}, which also grows the connection's
 * window); has the connection's GOAWAY frames with an error counted in {@link
 * ConnectionErrors}, which also logs some of them; has streams the server ended before their
 * client did reset ({@link StreamResetAfterTrailers}); and gives its place to a {@link
 * HandledFailure}. One instance per connection; runs on its event loop.
 *
 * <p>grpc adds its HTTP/2 handler while the connection becomes active (plaintext), or while
 * the TLS handler reports the end of its handshake (TLS), so the installer installs as each
 * of those events passes it, before any read reaches grpc's handler: a connection whose very
 * first read fails (no memory for its buffer) is counted too. The read that ends a TLS
 * handshake can carry the client's first frames, decoded at once, so on a TLS connection the
 * installer first moves behind the TLS handler, where it sees that report. A read or a failure
 * that finds grpc's handler in place and the installer still there installs too.
 */
final class FrameListenersInstaller extends ChannelInboundHandlerAdapter {
  private final ConnectionErrors errors;

  FrameListenersInstaller(ConnectionErrors errors) {
    this.errors = errors;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String tls = tlsHandlerBehind(ctx);
    if (tls != null) {
      ctx.pipeline().addAfter(tls, null, new FrameListenersInstaller(errors));
      ctx.pipeline().remove(this);
      ctx.fireChannelActive();
      return;
    }
    ctx.fireChannelActive();
    installIfReady(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    ctx.fireUserEventTriggered(event);
    installIfReady(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    installIfReady(ctx);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    installIfReady(ctx);
    ctx.fireExceptionCaught(cause);
  }

  // Events fired from ctx after the replacement reach the HandledFailure.
  private void installIfReady(ChannelHandlerContext ctx) {
    if (ctx.isRemoved()) {
      return;
    }
    Http2ConnectionHandler http2 = ctx.pipeline().get(Http2ConnectionHandler.class);
    if (http2 != null) {
      Http2ConnectionDecoder decoder = http2.decoder();
      decoder.frameListener(new SettingsFrameLimit(new EmptyDataFrameLimit(
          new EndedStreamResets(UnaryRequestWindow.growing(decoder.frameListener(),
              http2.connection(), decoder.flowController()), http2.connection())),
          System::nanoTime));
      HandledFailure failure = new HandledFailure();
      http2.connection().addListener(errors.listener(ctx.channel().remoteAddress(), failure));
      http2.connection().addListener(
          new StreamResetAfterTrailers(http2, ctx.pipeline().context(http2)));
      ctx.pipeline().replace(this, null, failure);
    }
  }

  // The name of the TLS handler behind this one (nearer grpc's handlers), or null if none.
  private static String tlsHandlerBehind(ChannelHandlerContext ctx) {
    boolean behind = false;
    for (Map.Entry<String, ChannelHandler> entry : ctx.pipeline()) {
      if (entry.getValue() == ctx.handler()) {
        behind = true;
      } else if (behind && entry.getValue() instanceof SslHandler) {
        return entry.getKey();
      }
    }
    return null;
  }
}
