package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.UncheckedBooleanSupplier;
import io.remotemedia.server.internal.logging.CapturedLog;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.NettyTransport;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections the transport ends that grpc does not log where operators look, against a real
 * server on loopback: a ping flood closed by the keepalive policy, and a read that finds no
 * direct memory, told by the error it raised, the connection's first read too. Each is logged
 * once, with the client's address.
 */
class ConnectionEndLogTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String LOGGER = "io.remotemedia.server.internal.netty.ConnectionErrors";
  private static final String OUT_OF_MEMORY = "out of memory: the transport closed";

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
  void aReadWithoutDirectMemory_isLoggedAtWarnNamingTheFailureAndTheClient()
      throws Exception {
    Ended ended = failAReadAfterAPing(() -> {
      throw new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory"
          + " (allocated: 1073741824, limit: 1073741824)");
    });

    assertThat(ended.goAway()).hasValue(Http2Error.INTERNAL_ERROR.code());
    assertThat(ended.lines()).singleElement().satisfies(line -> assertThat(line).contains(
        OUT_OF_MEMORY, "\"log.level\":\"WARN\"", "/127.0.0.1:" + ended.clientPort(),
        "direct buffer memory"));
  }

  @Test
  void anOutOfMemoryErrorWithoutMessage_isLoggedAtWarn() throws Exception {
    // grpc sends the error's message as the GOAWAY's debug data: here there is none, so only
    // the error itself says what happened.
    Ended ended = failAReadAfterAPing(() -> {
      throw new OutOfMemoryError();
    });

    assertThat(ended.goAway()).hasValue(Http2Error.INTERNAL_ERROR.code());
    assertThat(ended.lines()).singleElement().satisfies(line -> assertThat(line).contains(
        OUT_OF_MEMORY, "\"log.level\":\"WARN\"", "java.lang.OutOfMemoryError"));
  }

  @Test
  void anotherFailureThatMentionsDirectMemory_isCountedButNotLoggedAsOutOfMemory()
      throws Exception {
    Ended ended = failAReadAfterAPing(() -> {
      throw new IllegalStateException("a pool of direct buffer memory was closed");
    });

    assertThat(ended.goAway()).hasValue(Http2Error.INTERNAL_ERROR.code());
    assertThat(ended.internalErrors()).isEqualTo(1);
    assertThat(ended.lines()).isEmpty();
  }

  @Test
  void aVeryFirstReadWithoutDirectMemory_isCountedAndLogged() throws Exception {
    AtomicReference<Runnable> failure = new AtomicReference<>(() -> {
      throw new OutOfMemoryError("Cannot reserve 2048 bytes of direct buffer memory"
          + " (allocated: 1073741824, limit: 1073741824)");
    });
    try (NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults());
        CapturedLog log = CapturedLog.start("first-read")) {
      Server server = start(transport, failure);
      try {
        RawHttp2.ConnectionEnd end = RawHttp2.send(server.getPort(), EXECUTE, out -> { }, 0);

        assertThat(failure.get()).as("the first read's buffer failed").isNull();
        assertThat(end.goAwayCode()).hasValue(Http2Error.INTERNAL_ERROR.code());
        assertThat(transport.connectionErrors().count(Http2Error.INTERNAL_ERROR)).isEqualTo(1);
        assertThat(lines(log, OUT_OF_MEMORY)).singleElement().satisfies(line ->
            assertThat(line).contains("\"log.level\":\"WARN\"", "/127.0.0.1:"));
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * How a connection ended whose read failed: the code of the GOAWAY its client read, the
   * client's port, the server's count of {@code INTERNAL_ERROR} ends, and the lines {@code
   * ConnectionErrors} logged.
   */
  private record Ended(OptionalLong goAway, int clientPort, long internalErrors,
      List<String> lines) {}

  // A connection answers a PING, then its next read fails with `fail`.
  private static Ended failAReadAfterAPing(Runnable fail) throws Exception {
    AtomicReference<Runnable> failure = new AtomicReference<>();
    try (NettyTransport transport = NettyTransport.create(ConnectionSettings.defaults());
        CapturedLog log = CapturedLog.start("read-failure")) {
      Server server = start(transport, failure);
      try (Socket client = RawHttp2.openAndPing(server.getPort())) {
        failure.set(fail);
        OptionalLong goAway = RawHttp2.pingUntilGoAway(client);
        return new Ended(goAway, client.getLocalPort(),
            transport.connectionErrors().count(Http2Error.INTERNAL_ERROR),
            log.text().lines().filter(line -> line.contains(LOGGER)).toList());
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Server start(NettyTransport transport, AtomicReference<Runnable> failure)
      throws java.io.IOException {
    return transport.serverBuilder(new InetSocketAddress("127.0.0.1", 0))
        .withChildOption(ChannelOption.RCVBUF_ALLOCATOR, new FailingReads(failure))
        .build().start();
  }

  private static List<String> lines(CapturedLog log, String text) {
    return log.text().lines()
        .filter(line -> line.contains(LOGGER) && line.contains(text)).toList();
  }

  /**
   * The usual adaptive sizes of a socket read's buffer; once armed with a failure, the next
   * read's buffer fails with it instead of being allocated, as the JDK's {@code java.nio.Bits}
   * fails a reservation past the direct memory limit.
   */
  private static final class FailingReads extends AdaptiveRecvByteBufAllocator {
    private final AtomicReference<Runnable> failure;

    FailingReads(AtomicReference<Runnable> failure) {
      this.failure = failure;
    }

    @Override
    public Handle newHandle() {
      ExtendedHandle handle = (ExtendedHandle) super.newHandle();
      return new ExtendedHandle() {
        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
          Runnable fail = failure.getAndSet(null);
          if (fail != null) {
            fail.run();
          }
          return handle.allocate(alloc);
        }

        @Override
        public int guess() {
          return handle.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
          handle.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
          handle.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
          handle.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
          return handle.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
          handle.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
          return handle.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
          return handle.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
          return handle.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
          handle.readComplete();
        }
      };
    }
  }
}
