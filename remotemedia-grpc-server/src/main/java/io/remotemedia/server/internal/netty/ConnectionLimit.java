package io.remotemedia.server.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.remotemedia.server.internal.logging.FailureLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Caps the TCP connections open at once. It sits in the listening socket's pipeline, in front
 * of the handler that sets accepted connections up, so it sees every accepted connection
 * before any buffer, TLS engine or HTTP/2 state is made for it. Past the cap it closes the
 * connection at once, which gives the file descriptor back; the client sees the connection
 * closed and retries with backoff. A connection counts from its accept to its close,
 * handshake or not, so silent connections count too (the handshake timeout closes those).
 *
 * <p>Refusals are counted ({@link #refused()}) and logged at most once per {@link
 * #LOG_INTERVAL}. Thread-safe and shareable between listening sockets.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {
  /** At most one refusal line per this interval. */
  public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LogManager.getLogger(ConnectionLimit.class);

  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();
  // Refusals come in floods from many event-loop threads: LongAdder keeps them from
  // contending on one counter.
  private final LongAdder refused = new LongAdder();
  private final FailureLog refusalLog =
      new FailureLog(LOG_INTERVAL.toNanos(), System::nanoTime, log::warn);

  /**
   * @param maxConnections the most connections open at once, at least 1
   */
  public ConnectionLimit(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    this.maxConnections = maxConnections;
  }

  /** {@return the cap} */
  public int maxConnections() {
    return maxConnections;
  }

  /** {@return the connections open now, counting those still in their handshake} */
  public int open() {
    return open.get();
  }

  /** {@return how many connections were refused since the server started} */
  public long refused() {
    return refused.sum();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof Channel child)) {
      ctx.fireChannelRead(message);
      return;
    }
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refused.increment();
      // Not yet registered with an event loop: closing it here releases the descriptor now.
      child.unsafe().closeForcibly();
      refusalLog.failure("connection limit of " + maxConnections + " reached (server"
          + ".max_connections); refused a connection from " + child.remoteAddress());
      return;
    }
    child.closeFuture().addListener(closed -> open.decrementAndGet());
    ctx.fireChannelRead(child);
  }
}
