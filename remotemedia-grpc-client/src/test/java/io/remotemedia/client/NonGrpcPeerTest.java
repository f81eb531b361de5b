package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.remotemedia.pipeline.ErrorKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A target that answers, but is no gRPC server: the SDK says what it is instead of INTERNAL. */
class NonGrpcPeerTest {

  @Test
  void call_toAnHttp1Server_isAProtocolMismatchNamingHttp1() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        0);
    http.createContext("/", exchange -> {
      byte[] body = "# HELP up 1\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    http.start();
    RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + http.getAddress().getPort())
        .deadline(Duration.ofSeconds(20))
        .build();
    try {
      assertThatThrownBy(client::serverInfo)
          .isInstanceOfSatisfying(RemoteMediaException.class,
              e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH))
          .hasMessageStartingWith("the target is not a gRPC server speaking HTTP/2 without TLS:"
              + " it answered in HTTP/1.x")
          .hasMessageContaining("Hex dump for first 5 bytes: 485454502f");
    } finally {
      client.close();
      http.stop(0);
    }
  }

  @Test
  void explain_otherBytes_namesThemInHex() {
    assertThat(NonGrpcPeer.explain("http2 exception: First received frame was not SETTINGS."
        + " Hex dump for first 5 bytes: 0000000000"))
        .hasValue("the target is not a gRPC server speaking HTTP/2 without TLS: its first bytes"
            + " (hex 0000000000) are not HTTP/2; check the target's port");
    assertThat(NonGrpcPeer.explain("io exception")).isEmpty();
    assertThat(NonGrpcPeer.explain(null)).isEmpty();
  }
}
