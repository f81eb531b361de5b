package io.remotemedia.server.netty;

import io.grpc.ServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Builds the Netty server transport: native epoll when {@link Epoll#isAvailable()} (it saves
 * 10-40 % of server CPU over NIO on Linux), NIO otherwise, plus the {@link ConnectionSettings}:
 * keepalive, connection age, the handshake timeout and the {@link ConnectionLimit} in front of
 * every accepted connection. Owns its event loops; close it after the gRPC server has
 * terminated.
 *
 * <pre>{@code
 * try (NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults())) {
 *   server = new RemoteMediaServer(transport.serverBuilder(address), runner, settings);
 *   ...
 * }
 * }</pre>
 */
public final class NettyTransport implements AutoCloseable {
  private static final Logger log = LogManager.getLogger(NettyTransport.class);

  /** The kinds of transport. */
  public enum Kind {
    /** Linux native epoll (netty-transport-native-epoll). */
    EPOLL,
    /** Java NIO. */
    NIO
  }

  private final ConnectionSettings connections;
  private final Kind kind;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ConnectionLimit limit;

  private NettyTransport(ConnectionSettings connections, Kind kind, IoHandlerFactory io) {
    this.connections = connections;
    this.kind = kind;
    String name = kind == Kind.EPOLL ? "remotemedia-epoll" : "remotemedia-nio";
    this.boss = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(name + "-boss", true), io);
    this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory(name, true), io);
    this.limit = new ConnectionLimit(connections.maxConnections());
  }

  /** Picks epoll when available, else NIO, and logs which. */
  public static NettyTransport create(ConnectionSettings connections) {
    if (!Epoll.isAvailable()) {
      log.info("network transport: NIO (native epoll unavailable: {})",
          Epoll.unavailabilityCause().toString());
      return new NettyTransport(connections, Kind.NIO, NioIoHandler.newFactory());
    }
    log.info("network transport: native epoll");
    return new NettyTransport(connections, Kind.EPOLL, EpollIoHandler.newFactory());
  }

  /** Returns the transport in use. */
  public Kind kind() {
    return kind;
  }

  /** Returns the cap on open connections, with its counts, for metrics. */
  public ConnectionLimit connectionLimit() {
    return limit;
  }

  /** Returns a server builder bound to {@code address} with this transport and its settings. */
  public NettyServerBuilder serverBuilder(InetSocketAddress address) {
    return configure(NettyServerBuilder.forAddress(address));
  }

  /** Like {@link #serverBuilder(InetSocketAddress)}, with TLS {@code credentials}. */
  public NettyServerBuilder serverBuilder(InetSocketAddress address,
      ServerCredentials credentials) {
    return configure(NettyServerBuilder.forAddress(address, credentials));
  }

  private NettyServerBuilder configure(NettyServerBuilder builder) {
    Supplier<ServerChannel> socket = kind == Kind.EPOLL
        ? EpollServerSocketChannel::new : NioServerSocketChannel::new;
    return builder
        .keepAliveTime(millis(connections.keepAliveTime()), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(millis(connections.keepAliveTimeout()), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(millis(connections.permitKeepAliveTime()), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(millis(connections.maxConnectionAge()), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(millis(connections.maxConnectionAgeGrace()),
            TimeUnit.MILLISECONDS)
        // Counted from accept to the client's first HTTP/2 SETTINGS frame (after TLS).
        .handshakeTimeout(millis(connections.handshakeTimeout()), TimeUnit.MILLISECONDS)
        // The listening socket's own pipeline: the limit sees each accepted connection before
        // grpc sets it up. grpc adds no handler of its own there.
        .channelFactory(() -> {
          ServerChannel channel = socket.get();
          channel.pipeline().addLast(limit);
          return channel;
        })
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers);
  }

  /** Stops the event loops, waiting up to 5 s. */
  @Override
  public void close() {
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private static long millis(Duration duration) {
    return duration.toMillis();
  }
}
