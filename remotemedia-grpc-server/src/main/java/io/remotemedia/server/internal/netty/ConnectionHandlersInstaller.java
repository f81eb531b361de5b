package io.remotemedia.server.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits in the listening channel's pipeline, ahead of the bootstrap that hands accepted
 * connections to grpc, and puts our handlers first in each new connection's pipeline: a
 * {@link LingeringCloseHandler} nearest the socket, then a {@link FrameListenersInstaller}.
 * One instance per listening channel; runs on its event loop.
 */
final class ConnectionHandlersInstaller extends ChannelInboundHandlerAdapter {
  private final long peerFirstMs;
  private final long lingerMs;
  private final ConnectionErrors errors;

  ConnectionHandlersInstaller(long peerFirstMs, long lingerMs, ConnectionErrors errors) {
    this.peerFirstMs = peerFirstMs;
    this.lingerMs = lingerMs;
    this.errors = errors;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel connection) {
      connection.pipeline().addFirst(new FrameListenersInstaller(errors));
      connection.pipeline().addFirst(new LingeringCloseHandler(peerFirstMs, lingerMs));
    }
    ctx.fireChannelRead(msg);
  }
}
