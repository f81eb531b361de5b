package io.remotemedia.server.internal.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a server connection the way HTTP servers do a lingering close: when the server side
 * closes (grpc after the last stream of a GOAWAY'd connection, a maximum connection age, or a
 * forced shutdown), it first lets every queued byte reach the socket, then waits up to {@code
 * peerFirstMs} for the client to close first, then sends FIN ({@code shutdownOutput}) and keeps
 * reading, discarding, until the client closes its side. The socket is closed at the latest
 * {@code lingerMs} after the close began. A connection whose client has sent nothing is closed
 * at once.
 *
 * <p>Why linger: a client still reading a large response sends WINDOW_UPDATE and PING frames.
 * If the socket is already closed when they arrive, or unread when it closes, the kernel answers
 * with a TCP reset, and the client loses whatever it had not yet read: the tail of responses the
 * server had completed and logged as OK (issue 13, finding 3: 4 of 64 responses of 1.9 MB lost
 * on SIGTERM).
 *
 * <p>Why the client first: nginx closes a GOAWAY'd connection itself once its last stream has
 * ended, normally one round trip after the last response. A FIN that arrives with the last
 * response instead makes nginx 1.22 fail a call it has received whole:
 * when the same read holds a PING (grpc-java's flow-control ping), the response's end and the
 * FIN, nginx still owes the PING's acknowledgement when it reaches the FIN, and resets the call
 * with INTERNAL_ERROR, logging "upstream prematurely closed connection" (reproduced about once
 * in 20 drains under load; docs/deploy/proxy.md). A client that does not close gets the FIN
 * after {@code peerFirstMs}: grpc-java clients (the SDK) are such clients, they keep a
 * GOAWAY'd connection open until the server's FIN.
 *
 * <p>Sits first in a connection's pipeline (nearest the socket), so it sees every close the
 * handlers after it ask for. One instance per connection; runs on the connection's event loop.
 */
final class LingeringCloseHandler extends ChannelDuplexHandler {
  private final long peerFirstMs;
  private final long lingerMs;
  private boolean lingering;
  private boolean heardFromClient;

  /**
   * @param peerFirstMs how long to wait, once everything is written, for the client to close
   *     before sending FIN
   * @param lingerMs how long after the close began the socket is closed in any case
   */
  LingeringCloseHandler(long peerFirstMs, long lingerMs) {
    this.peerFirstMs = peerFirstMs;
    this.lingerMs = lingerMs;
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    // A client that has sent nothing (a silent connection at its handshake timeout or at a
    // drain) has no frame in flight to be reset and no answer to read: it is closed at once.
    if (lingering || !heardFromClient || !ctx.channel().isActive()
        || !(ctx.channel() instanceof DuplexChannel channel) || channel.isOutputShutdown()) {
      ctx.close(promise);
      return;
    }
    lingering = true;
    // The caller's promise completes with the channel's close, whoever closes it.
    ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
      ctx.close();
    }, lingerMs, TimeUnit.MILLISECONDS);
    ctx.channel().closeFuture().addListener(closed -> {
      timeout.cancel(false);
      promise.trySuccess();
    });
    // Completes once every earlier write has reached the socket: writes complete in order.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFuture written) -> {
      if (!written.isSuccess() || !channel.isActive()) {
        ctx.close();
        return;
      }
      // A client that closes first (its FIN read as end of stream) has closed the channel by
      // then, and no FIN is sent.
      ctx.executor().schedule(() -> {
        if (channel.isActive()) {
          channel.shutdownOutput();
        }
      }, peerFirstMs, TimeUnit.MILLISECONDS);
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    heardFromClient = true;
    if (lingering) {
      // The HTTP/2 side has finished; frames the client still sends need no answer.
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
