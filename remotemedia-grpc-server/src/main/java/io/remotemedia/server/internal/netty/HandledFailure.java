package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits just ahead of grpc's HTTP/2 handler in a connection's pipeline (behind the TLS handler,
 * when there is one) and holds the failure it is passing to that handler while the handler
 * deals with it, so that the GOAWAY the handler then sends can be told by its cause: a read
 * that found no memory for its buffer, on the socket or out of TLS, reaches grpc's handler this
 * way, and grpc ends the connection with {@code INTERNAL_ERROR} before the call returns.
 * Failures raised inside grpc's handler do not pass here. One instance per connection; runs on
 * its event loop.
 */
final class HandledFailure extends ChannelInboundHandlerAdapter {
  private Throwable handling;

  /** {@return the failure grpc's HTTP/2 handler is being given now, or null} */
  Throwable current() {
    return handling;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    handling = cause;
    try {
      ctx.fireExceptionCaught(cause);
    } finally {
      handling = null;
    }
  }
}
