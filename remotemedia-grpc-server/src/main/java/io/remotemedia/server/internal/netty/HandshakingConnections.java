package io.remotemedia.server.internal.netty;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The accepted connections whose handshake (TLS, then the client's HTTP/2 preface and
 * SETTINGS) grpc has not yet reported done. Such a connection carries no call, yet grpc's
 * graceful shutdown waits for it: it answers the shutdown's GOAWAY and PING only by the
 * handshake timeout's close, so one silent TCP connection (a port scanner, a load balancer's
 * check that holds its socket) would hold a drain for the whole handshake timeout. {@link
 * #closeAll()} closes them at once.
 *
 * <p>It sits in the listening socket's pipeline, after the {@link ConnectionLimit}, and notes
 * each connection it lets in; {@link #readiness()}, a transport filter, takes a connection out
 * when grpc reports it ready, matched by its two addresses, and the connection's close takes
 * it out in any case. Thread-safe and shareable between listening sockets.
 */
@ChannelHandler.Sharable
final class HandshakingConnections extends ChannelInboundHandlerAdapter {
  private record Ends(SocketAddress local, SocketAddress remote) {}

  private final ConcurrentMap<Ends, Channel> handshaking = new ConcurrentHashMap<>();
  // Set by closeAll: connections accepted from then on (the listening socket closes
  // asynchronously) are closed once handed on, as are those it found not yet on an event loop.
  private volatile boolean closing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof Channel connection)) {
      ctx.fireChannelRead(message);
      return;
    }
    Ends ends = new Ends(connection.localAddress(), connection.remoteAddress());
    handshaking.put(ends, connection);
    connection.closeFuture().addListener(closed -> handshaking.remove(ends, connection));
    // The acceptor after this registers the connection with its event loop; until then it
    // cannot be closed from another thread, so closeAll leaves it to this.
    ctx.fireChannelRead(message);
    if (closing && onEventLoop(connection)) {
      closeIfHandshaking(ends, connection);
    }
  }

  /** {@return the filter that tells this which connections grpc has set up} */
  ServerTransportFilter readiness() {
    return new ServerTransportFilter() {
      @Override
      public Attributes transportReady(Attributes attributes) {
        handshaking.remove(new Ends(attributes.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR),
            attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
        return attributes;
      }
    };
  }

  /**
   * Closes every connection still in its handshake, at once: no lingering, since such a client
   * is waiting for no answer; so too any accepted from now on. The close runs on each
   * connection's event loop and spares one grpc has reported ready by then: a client whose
   * preface arrives at this very moment either has it read first, and keeps its connection, or
   * loses the connection before any call of its has started.
   *
   * @return how many connections it asked to close (one that finishes its handshake meanwhile
   *     is counted but left open)
   */
  int closeAll() {
    closing = true;
    int closed = 0;
    for (Map.Entry<Ends, Channel> entry : handshaking.entrySet()) {
      Channel connection = entry.getValue();
      // One not yet on its event loop is closed by channelRead once handed on: it reads
      // closing after the registration sets the event loop, as this reads the event loop after
      // setting closing, so one of the two sees the other.
      if (onEventLoop(connection)) {
        closeIfHandshaking(entry.getKey(), connection);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Closes the connection on its event loop if it is still in its handshake there. grpc reports
   * a connection ready on that event loop, in the read that may also start its first call: a
   * close decided here, on another thread, could reach a connection made ready meanwhile.
   */
  private void closeIfHandshaking(Ends ends, Channel connection) {
    try {
      connection.eventLoop().execute(() -> {
        if (handshaking.remove(ends, connection)) {
          // Closed at the socket, under grpc's handler: its close would begin the same
          // graceful shutdown, waiting for a PING acknowledgement the silent client never
          // sends.
          ChannelHandlerContext first = connection.pipeline().firstContext();
          if (first == null) {
            connection.close();
          } else {
            first.close();
          }
        }
      });
    } catch (RejectedExecutionException stopping) {
      // The event loops are shutting down, which closes the connection.
    }
  }

  /** {@return whether the connection has an event loop, without which it cannot be closed} */
  private static boolean onEventLoop(Channel connection) {
    try {
      connection.eventLoop();
      return true;
    } catch (IllegalStateException notRegistered) {
      return false;
    }
  }
}
