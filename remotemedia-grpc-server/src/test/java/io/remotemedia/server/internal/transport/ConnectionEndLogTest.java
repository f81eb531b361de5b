package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.server.internal.logging.CapturedLog;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.NettyTransport;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections the transport ends that grpc does not log where operators look, against a real
 * server on loopback: a ping flood closed by the keepalive policy, and a read that finds no
 * direct memory. Each is logged once, with the client's address.
 */
class ConnectionEndLogTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String LOGGER = "io.remotemedia.server.internal.netty.ConnectionErrors";

  @TempDir Path dir;

  @Test
  void pingFloods_areLoggedAtInfoWithTheClientsAddress_oncePerInterval() throws Exception {
    try (ConfiguredLoopback server = ConfiguredLoopback.startWithDefaults(dir);
        CapturedLog log = CapturedLog.start("ping-floods")) {
      for (int flood = 0; flood < 2; flood++) {
        RawHttp2.ConnectionEnd end = RawHttp2.send(server.port(), EXECUTE, out -> {
          for (int i = 0; i < 10; i++) {
            out.frame(RawHttp2.PING, 0, 0, new byte[8]);
          }
        }, 0);
        assertThat(end.goAwayCode()).hasValue(Http2Error.ENHANCE_YOUR_CALM.code());
      }

      // Two floods within the interval: one line.
      assertThat(lines(log, "too_many_pings")).singleElement().satisfies(line -> assertThat(line)
          .contains("\"log.level\":\"INFO\"", "/127.0.0.1:", "keepalive"));
    }
  }

  @Test
  void aReadWithoutDirectMemory_isLoggedAtWarnNamingDirectMemoryAndTheClient()
      throws Exception {
    AtomicBoolean exhausted = new AtomicBoolean();
    try (NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults());
        CapturedLog log = CapturedLog.start("direct-memory")) {
      Server server = transport.serverBuilder(new InetSocketAddress("127.0.0.1", 0))
          .withChildOption(ChannelOption.ALLOCATOR, new ExhaustibleAllocator(exhausted))
          .build().start();
      try (Socket client = RawHttp2.openAndPing(server.getPort())) {
        exhausted.set(true);

        assertThat(RawHttp2.pingUntilGoAway(client)).hasValue(Http2Error.INTERNAL_ERROR.code());
        assertThat(lines(log, "direct memory")).singleElement().satisfies(line ->
            assertThat(line).contains("\"log.level\":\"WARN\"",
                "/127.0.0.1:" + client.getLocalPort()));
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> lines(CapturedLog log, String text) {
    return log.text().lines()
        .filter(line -> line.contains(LOGGER) && line.contains(text)).toList();
  }

  /**
   * Unpooled buffers; once exhausted, the next direct buffer (the socket's next read) fails as
   * the JDK's {@code java.nio.Bits} fails a reservation past the direct memory limit.
   */
  private static final class ExhaustibleAllocator extends AbstractByteBufAllocator {
    private final AtomicBoolean exhausted;

    ExhaustibleAllocator(AtomicBoolean exhausted) {
      super(true);
      this.exhausted = exhausted;
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      failIfExhausted(initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    private void failIfExhausted(int bytes) {
      if (exhausted.getAndSet(false)) {
        throw new OutOfMemoryError("Cannot reserve " + bytes
            + " bytes of direct buffer memory (allocated: 1073741824, limit: 1073741824)");
      }
    }
  }
}
