package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.server.internal.logging.CapturedLog;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The GOAWAYs a connection's listener is told of, given as grpc's handler sends them when it
 * fails inside itself: no failure passed {@link HandledFailure} on its way.
 */
class ConnectionErrorsTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.7", 40123);

  @Test
  void internalErrorNamingNettysDirectMemoryLimit_raisedInsideGrpc_isLoggedAsOutOfMemory() {
    String logged = goAway(Http2Error.INTERNAL_ERROR,
        "failed to allocate 16777216 byte(s) of direct memory (used: 520093703, max: 536870912)");

    assertThat(logged).contains("\"WARN\"").contains("out of memory: the transport closed the"
        + " connection from " + CLIENT + " with GOAWAY INTERNAL_ERROR (failed to allocate");
  }

  @Test
  void internalErrorNamingTheJdksDirectBufferLimit_raisedInsideGrpc_isLoggedAsOutOfMemory() {
    String logged = goAway(Http2Error.INTERNAL_ERROR, "Cannot reserve 65536 bytes of direct"
        + " buffer memory (allocated: 536838144, limit: 536870912)");

    assertThat(logged).contains("out of memory: the transport closed the connection");
  }

  @Test
  void anotherInternalError_raisedInsideGrpc_isNotLogged() {
    String logged = goAway(Http2Error.INTERNAL_ERROR, "Unexpected end of stream");

    assertThat(logged).doesNotContain("out of memory");
  }

  @Test
  void aProtocolErrorThatNamesDirectMemory_isNotLoggedAsOutOfMemory() {
    String logged = goAway(Http2Error.PROTOCOL_ERROR, "of direct memory");

    assertThat(logged).doesNotContain("out of memory");
  }

  private static String goAway(Http2Error error, String debugData) {
    Http2Connection.Listener listener =
        new ConnectionErrors().listener(CLIENT, new HandledFailure());
    try (CapturedLog log = CapturedLog.start("connection-errors-" + error)) {
      listener.onGoAwaySent(0, error.code(),
          Unpooled.copiedBuffer(debugData, StandardCharsets.UTF_8));
      return log.text();
    }
  }
}
