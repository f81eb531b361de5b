package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Netty server on loopback whose connections answer a client's first bytes with {@code
 * "last response"} and close at once, with a {@link LingeringCloseHandler} first in their
 * pipelines; the client is a plain socket, so what it reads is exactly what the server's close
 * puts on the wire.
 */
class LingeringCloseHandlerTest {
  private static final byte[] REQUEST = "request".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER = "last response".getBytes(StandardCharsets.US_ASCII);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
  private Channel listener;

  @AfterEach
  void stop() throws InterruptedException {
    if (listener != null) {
      listener.close().sync();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void close_clientClosesFirst_noFinBeforeThenSocketClosedAtTheClientsClose() throws Exception {
    int port = start(10_000, 20_000);

    try (Socket client = connect(port)) {
      assertThat(readAnswer(client)).isEqualTo(ANSWER);
      // The server has asked to close; its FIN is held back for the client's own close.
      client.setSoTimeout(300);
      assertThatThrownBy(() -> client.getInputStream().read())
          .as("the server's FIN, which must wait for the client to close first")
          .isInstanceOf(SocketTimeoutException.class);

      Channel connection = accepted.poll(5, TimeUnit.SECONDS);
      assertThat(connection).isNotNull();
      assertThat(connection.isActive()).as("the server's side, still open").isTrue();
      client.shutdownOutput();
      assertThat(connection.closeFuture().await(5, TimeUnit.SECONDS))
          .as("closed at the client's FIN, long before the 10 s wait is up").isTrue();
    }
  }

  @Test
  void close_clientDoesNotClose_finAfterTheWaitAndSocketKeptUntilTheClientCloses()
      throws Exception {
    int port = start(100, 20_000);

    try (Socket client = connect(port)) {
      assertThat(readAnswer(client)).isEqualTo(ANSWER);
      client.setSoTimeout(5_000);
      assertThat(client.getInputStream().read()).as("the server's FIN after 100 ms").isEqualTo(-1);

      Channel connection = accepted.poll(5, TimeUnit.SECONDS);
      assertThat(connection).isNotNull();
      // Lingering: it still reads what the client sends, so the client gets no reset.
      client.getOutputStream().write(new byte[] {1, 2, 3});
      assertThat(connection.closeFuture().await(300, TimeUnit.MILLISECONDS))
          .as("closed before the client closed its side").isFalse();
      client.shutdownOutput();
      assertThat(connection.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void close_clientSentNothing_closedAtOnceWithoutTheWait() throws Exception {
    int port = start(10_000, 20_000);

    try (Socket client = connect(port)) {
      Channel connection = accepted.poll(5, TimeUnit.SECONDS);
      assertThat(connection).isNotNull();
      connection.close();

      // A silent client (its handshake timed out, or a drain) has nothing in flight to lose.
      assertThat(client.getInputStream().read())
          .as("the server's FIN, at once instead of after the 10 s wait").isEqualTo(-1);
      assertThat(connection.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void close_neitherSideCloses_socketClosedAfterTheLinger() throws Exception {
    int port = start(100, 600);

    try (Socket client = connect(port)) {
      assertThat(readAnswer(client)).isEqualTo(ANSWER);
      Channel connection = accepted.poll(5, TimeUnit.SECONDS);
      assertThat(connection).isNotNull();
      assertThat(connection.closeFuture().await(5, TimeUnit.SECONDS))
          .as("closed 600 ms after the close began, the client silent").isTrue();
    }
  }

  private int start(long peerFirstMs, long lingerMs) throws InterruptedException {
    listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            accepted.add(channel);
            channel.pipeline().addLast(new LingeringCloseHandler(peerFirstMs, lingerMs));
            channel.pipeline().addLast(new AnswerAndClose());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  private static Socket connect(int port) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static byte[] readAnswer(Socket client) throws Exception {
    client.getOutputStream().write(REQUEST);
    InputStream in = client.getInputStream();
    return in.readNBytes(ANSWER.length);
  }

  /**
   * Answers the client's first bytes and asks to close right away, as grpc does after a last
   * stream.
   */
  private static final class AnswerAndClose extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      if (ctx.channel().isOpen()) {
        ctx.write(Unpooled.wrappedBuffer(ANSWER));
        ctx.close();
      }
    }
  }
}
