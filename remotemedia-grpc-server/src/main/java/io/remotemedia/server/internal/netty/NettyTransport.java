package io.remotemedia.server.internal.netty;

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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Builds the Netty server transport: native epoll when {@link Epoll#isAvailable()} (it saves
 * 10-40 % of server CPU over NIO on Linux), NIO otherwise, plus the {@link ConnectionSettings}:
 * keepalive, connection age, the handshake timeout and the {@link ConnectionLimit} in front of
 * every accepted connection. Every connection closes with a lingering close (see {@link
 * LingeringCloseHandler}: the client reads the last response before the socket goes, and is
 * given {@link #PEER_FIRST_MS} to close first), waiting at most {@link #LINGER_MS}. Owns the
 * event loops; close it after the gRPC server has terminated.
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
  /**
   * How long a closing connection may stay open, counted from the close's start (writing out
   * what is queued included), in ms; then the socket is closed anyway.
   */
  public static final long LINGER_MS = 2_000;
  /**
   * How long a closing connection waits, once everything is written, for the client to close
   * first before the server sends FIN, in ms. nginx closes first; grpc-java clients (the SDK)
   * do not, so their connections always wait this long.
   */
  public static final long PEER_FIRST_MS = 250;

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
  private final HandshakingConnections handshaking = new HandshakingConnections();
  private final ConnectionErrors errors = new ConnectionErrors();

  private NettyTransport(ConnectionSettings connections, Kind kind,
      IoHandlerFactory handlers) {
    this.connections = connections;
    this.kind = kind;
    String prefix = "remotemedia-" + kind.name().toLowerCase(Locale.ROOT);
    this.boss = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(prefix + "-boss", true), handlers);
    this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory(prefix, true), handlers);
    this.limit = new ConnectionLimit(connections.maxConnections());
  }

  /**
   * Picks epoll when available, else NIO, and logs which.
   *
   * @param connections keep-alive, connection age, handshake timeout and connection cap
   * @return the transport
   */
  public static NettyTransport create(ConnectionSettings connections) {
    if (!Epoll.isAvailable()) {
      log.info("network transport: NIO (native epoll unavailable: {})",
          Epoll.unavailabilityCause().toString());
      return new NettyTransport(connections, Kind.NIO, NioIoHandler.newFactory());
    }
    log.info("network transport: native epoll");
    return new NettyTransport(connections, Kind.EPOLL, EpollIoHandler.newFactory());
  }

  /** {@return the transport in use} */
  public Kind kind() {
    return kind;
  }

  /** {@return the cap on open connections, with its counts, for metrics} */
  public ConnectionLimit connectionLimit() {
    return limit;
  }

  /** {@return the counts of connections the server ended with an HTTP/2 error, for metrics} */
  public ConnectionErrors connectionErrors() {
    return errors;
  }

  /**
   * Closes the connections whose handshake has not finished (TLS, then the client's HTTP/2
   * preface), so that a drain does not wait the handshake timeout for them: they carry no call,
   * and grpc's graceful close waits for every connection. Call it once the gRPC server has begun
   * its shutdown.
   *
   * @return how many connections it closed
   */
  public int closeHandshakingConnections() {
    int closed = handshaking.closeAll();
    if (closed > 0) {
      log.info("closed {} connections that had not finished their handshake", closed);
    }
    return closed;
  }

  /**
   * {@return a server builder bound to {@code address} with this transport and its settings}
   *
   * @param address the address to bind
   */
  public NettyServerBuilder serverBuilder(InetSocketAddress address) {
    return configure(NettyServerBuilder.forAddress(address));
  }

  /**
   * Like {@link #serverBuilder(InetSocketAddress)}, with TLS {@code credentials}.
   *
   * @param address the address to bind
   * @param credentials the server's TLS credentials
   * @return a server builder bound to {@code address} with this transport, its settings and TLS
   */
  public NettyServerBuilder serverBuilder(InetSocketAddress address,
      ServerCredentials credentials) {
    return configure(NettyServerBuilder.forAddress(address, credentials));
  }

  private NettyServerBuilder configure(NettyServerBuilder builder) {
    builder
        .keepAliveTime(millis(connections.keepAliveTime()), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(millis(connections.keepAliveTimeout()), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(millis(connections.permitKeepAliveTime()), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(millis(connections.maxConnectionAge()), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(millis(connections.maxConnectionAgeGrace()),
            TimeUnit.MILLISECONDS)
        // Counted from accept to the client's first HTTP/2 SETTINGS frame (after TLS).
        .handshakeTimeout(millis(connections.handshakeTimeout()), TimeUnit.MILLISECONDS)
        .maxRstFramesPerWindow(connections.maxResetsPerWindow(),
            (int) connections.resetWindow().toSeconds())
        .addTransportFilter(handshaking.readiness());
    return builder.channelFactory(this::listeningChannel)
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers);
  }

  // The listening socket's own pipeline: the limit sees each accepted connection before grpc
  // sets it up (grpc adds no handler of its own there), the connections it lets in are noted
  // until their handshake is done, and the installer gives each its lingering close, its frame
  // listeners and its count of HTTP/2 errors.
  private ServerChannel listeningChannel() {
    ServerChannel channel = kind == Kind.EPOLL ? new EpollServerSocketChannel()
        : new NioServerSocketChannel();
    channel.pipeline().addLast(limit);
    channel.pipeline().addLast(handshaking);
    channel.pipeline().addLast(new ConnectionHandlersInstaller(PEER_FIRST_MS, LINGER_MS, errors));
    return channel;
  }

  /**
   * Stops the event loops, waiting up to 5 s each. Call it after the gRPC server has terminated:
   * the event loops write the last responses and close the connections.
   */
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
