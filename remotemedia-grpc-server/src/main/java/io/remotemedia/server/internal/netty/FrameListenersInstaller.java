package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;

/**
 * Waits in a new connection's pipeline, ahead of grpc's handlers, for grpc's HTTP/2 handler
 * (added once the connection is active, or after the TLS handshake), puts our frame listeners
 * in front of grpc's before it decodes a frame, and leaves the pipeline: a {@link
 * SettingsFrameLimit} first, then an {@link EmptyDataFrameLimit}, then {@link
 * EndedStreamResets}; and has the connection's GOAWAY frames with an error counted in {@link
 * ConnectionErrors}, which also logs some of them. One instance per connection; runs
 * on its event loop.
 */
final class FrameListenersInstaller extends ChannelInboundHandlerAdapter {
  private final ConnectionErrors errors;

  FrameListenersInstaller(ConnectionErrors errors) {
    this.errors = errors;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Http2ConnectionHandler http2 = ctx.pipeline().get(Http2ConnectionHandler.class);
    if (http2 != null) {
      Http2ConnectionDecoder decoder = http2.decoder();
      decoder.frameListener(new SettingsFrameLimit(new EmptyDataFrameLimit(
          new EndedStreamResets(decoder.frameListener(), http2.connection())), System::nanoTime));
      http2.connection().addListener(errors.listener(ctx.channel().remoteAddress()));
      ctx.pipeline().remove(this);
    }
    ctx.fireChannelRead(msg);
  }
}
