package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Netty server on loopback with {@link HandshakingConnections} in its listening pipeline,
 * as {@link NettyTransport} has it; a handler after it can hold an accepted connection before
 * it is handed to its event loop, to run {@link HandshakingConnections#closeAll()} (the drain,
 * on its own thread) at that moment.
 */
class HandshakingConnectionsTest {
  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final HandshakingConnections handshaking = new HandshakingConnections();
  private final CountDownLatch accepted = new CountDownLatch(1);
  private final CountDownLatch handOn = new CountDownLatch(1);
  private ChannelHandler child = new ChannelInboundHandlerAdapter();
  private Channel listener;

  @AfterEach
  void stop() throws InterruptedException {
    handOn.countDown();
    if (listener != null) {
      listener.close().sync();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void closeAll_connectionAcceptedButNotYetOnItsEventLoop_closesItWithoutThrowing()
      throws Exception {
    int port = start();

    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      assertThat(accepted.await(5, TimeUnit.SECONDS)).isTrue();

      // The drain runs while the boss thread is between noting the connection and handing it
      // to a worker. Before the fix: IllegalStateException ("channel not registered to an event
      // loop"), thrown out of the drain listener and so out of RemoteMediaServer.drain, which
      // then skipped its wait for the calls in flight.
      handshaking.closeAll();
      handOn.countDown();

      client.setSoTimeout(5_000);
      assertThat(readsToEnd(client)).as("the connection closed by the drain").isTrue();
    }
  }

  @Test
  void closeAll_connectionAcceptedAfterIt_closedAtOnce() throws Exception {
    handOn.countDown();
    int port = start();
    // The drain has closed the listening socket by then, but asynchronously, on the boss
    // thread: a connection it accepts meanwhile would hold the drain for the handshake timeout.
    handshaking.closeAll();

    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      client.setSoTimeout(5_000);
      assertThat(readsToEnd(client)).as("a connection accepted after the drain's close")
          .isTrue();
    }
  }

  @Test
  void closeAll_whileTheConnectionReadsTheBytesThatMakeItReady_leavesItOpen() throws Exception {
    handOn.countDown();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch drained = new CountDownLatch(1);
    // Stands for grpc's handler: the client's first read holds its SETTINGS (transportReady)
    // and a call's HEADERS, which starts the call; this one answers it.
    child = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        io.netty.util.ReferenceCountUtil.release(message);
        reading.countDown();
        drained.await(10, TimeUnit.SECONDS);
        handshaking.readiness().transportReady(Attributes.newBuilder()
            .set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, ctx.channel().localAddress())
            .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, ctx.channel().remoteAddress())
            .build());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'o', 'k'}));
      }
    };
    int port = start();

    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      client.getOutputStream().write(new byte[] {'h', 'i'});
      assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
      // The drain, on its own thread, while the event loop is in that read: the connection is
      // not ready yet when closeAll looks, and is by the time its close would run.
      handshaking.closeAll();
      drained.countDown();

      client.setSoTimeout(5_000);
      InputStream in = client.getInputStream();
      assertThat(in.readNBytes(2)).isEqualTo(new byte[] {'o', 'k'});
      client.setSoTimeout(500);
      // Before the fix, the close closeAll had queued ran after the read, on a ready
      // connection whose call had started.
      assertThatThrownBy(in::read).as("the ready connection, still open")
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static boolean readsToEnd(Socket client) throws Exception {
    try {
      InputStream in = client.getInputStream();
      while (in.read() != -1) {
        // Nothing is written; the end is the server's close.
      }
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }

  private int start() throws InterruptedException {
    listener = new ServerBootstrap().group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .handler(new ChannelInitializer<ServerSocketChannel>() {
          @Override
          protected void initChannel(ServerSocketChannel channel) {
            channel.pipeline().addLast(handshaking, new Hold(), 
                new ConnectionHandlersInstaller(10_000, 20_000, new ConnectionErrors()));
          }
        })
        .childHandler(child)
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Holds each accepted connection until the test lets it on to the acceptor. */
  private final class Hold extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
      accepted.countDown();
      handOn.await(10, TimeUnit.SECONDS);
      ctx.fireChannelRead(message);
    }
  }
}
