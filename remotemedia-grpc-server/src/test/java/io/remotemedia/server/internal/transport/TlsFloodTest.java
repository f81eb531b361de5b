package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.server.metrics.Exposition;
import io.remotemedia.server.tls.OpensslCertificates;
import java.io.InputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP/2 flood limits over TLS, against the real configured server with certificates made
 * at test time: a raw HTTP/2 client on a TLS socket (ALPN {@code h2}) floods one connection,
 * which is closed with GOAWAY ENHANCE_YOUR_CALM and counted in {@code
 * http2_connection_errors_total}, as on plaintext connections.
 */
class TlsFloodTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String METRIC = "http2_connection_errors_total";
  /** The most empty DATA frames in a row, written here rather than read from the code. */
  private static final int MAX_EMPTY_IN_A_ROW = 16;
  /** The reset limit this test configures. */
  private static final int MAX_RESETS = 40;

  /** The floods; each sends well past its limit, on one connection. */
  enum Flood {
    EMPTY_DATA_FRAMES(out -> {
      out.headers(1);
      for (int i = 0; i < 10_000; i++) {
        out.frame(RawHttp2.DATA, 0, 1, new byte[0]);
      }
    }),
    SETTINGS_FRAMES(out -> {
      // Fewer than grpc's 10,000 unsent control frames: only the SETTINGS limit ends it.
      for (int i = 0; i < 2_000; i++) {
        out.frame(RawHttp2.SETTINGS, 0, 0, new byte[0]);
      }
    }),
    RAPID_RESETS(out -> {
      for (int i = 0; i < 10 * MAX_RESETS; i++) {
        out.headers(1 + 2 * i);
        out.frame(RawHttp2.RST_STREAM, 0, 1 + 2 * i, new byte[] {0, 0, 0, 8});
      }
    });

    private final RawHttp2.Frames frames;

    Flood(RawHttp2.Frames frames) {
      this.frames = frames;
    }
  }

  @TempDir Path dir;
  private OpensslCertificates.Pair ca;
  private ConfiguredLoopback server;

  @BeforeEach
  void start() throws Exception {
    OpensslCertificates certificates = OpensslCertificates.in(dir);
    ca = certificates.authority("test-ca");
    OpensslCertificates.Pair pair = certificates.server(ca, "server");
    server = ConfiguredLoopback.start(dir, """
        server:
          port: 0
          max_stream_resets_per_10s: %d
        metrics:
          port: 0
        tls:
          enabled: true
          cert_file: %s
          key_file: %s
        """.formatted(MAX_RESETS, pair.cert(), pair.key()));
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Flood.class)
  void floodOverTls_closesTheConnectionWithEnhanceYourCalm_andIsCounted(Flood flood)
      throws Exception {
    try (Socket socket = tlsSocket()) {
      RawHttp2.ConnectionEnd end = RawHttp2.send(socket, EXECUTE, flood.frames, 0);

      assertThat(end.goAwayCode()).hasValue(Http2Error.ENHANCE_YOUR_CALM.code());
    }
    Exposition metrics = server.scrape();
    assertThat(metrics.value(METRIC, Map.of("error", Http2Error.ENHANCE_YOUR_CALM.name())))
        .isEqualTo(1);
  }

  @Test
  void floodInTheReadThatEndsTheHandshake_isStoppedAndCounted() throws Exception {
    // The client's last handshake message and its first frames in one write, as TLS 1.3
    // lets a client send them: the server reads them at once, and grpc's HTTP/2 handler,
    // added when the handshake ends, decodes the frames in that same read. One empty DATA
    // frame over the limit; before the listeners were installed at the handshake's end these
    // passed unseen and the connection stayed open.
    byte[] first = RawHttp2.opening(server.port(), EXECUTE, out -> {
      out.headers(1);
      for (int i = 0; i <= MAX_EMPTY_IN_A_ROW; i++) {
        out.frame(RawHttp2.DATA, 0, 1, new byte[0]);
      }
    });
    try (OneWriteTls client = OneWriteTls.connect(trustingTheCa(), server.port(), first)) {
      assertThat(RawHttp2.awaitGoAway(client.in()))
          .hasValue(Http2Error.ENHANCE_YOUR_CALM.code());
    }
    assertThat(server.scrape().value(METRIC,
        Map.of("error", Http2Error.ENHANCE_YOUR_CALM.name()))).isEqualTo(1);
  }

  /** A TLS connection to the server, trusting the test's CA, handshake done, ALPN h2. */
  private Socket tlsSocket() throws Exception {
    SSLSocket socket = (SSLSocket) trustingTheCa().getSocketFactory().createSocket(
        "127.0.0.1", server.port());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(parameters);
    socket.setTcpNoDelay(true);
    socket.startHandshake();
    assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
    return socket;
  }

  private SSLContext trustingTheCa() throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(ca.cert())) {
      trusted.setCertificateEntry("ca",
          CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /**
   * A TLS 1.3 client on an {@link SSLEngine}, so that the test decides what goes into one
   * write: the client's Finished and the first application bytes together.
   */
  private static final class OneWriteTls implements AutoCloseable {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private final Socket socket;
    private final SSLEngine engine;
    /** Bytes read from the socket, not yet unwrapped; in read mode. */
    private final ByteBuffer netIn = ByteBuffer.allocate(1 << 17).flip();
    /** Bytes unwrapped, not yet read by the test; in read mode. */
    private final ByteBuffer appIn = ByteBuffer.allocate(1 << 17).flip();

    private OneWriteTls(Socket socket, SSLEngine engine) {
      this.socket = socket;
      this.engine = engine;
    }

    /** Connects, shakes hands (ALPN h2), and writes {@code first} with the last flight. */
    static OneWriteTls connect(SSLContext context, int port, byte[] first) throws IOException {
      SSLEngine engine = context.createSSLEngine("127.0.0.1", port);
      engine.setUseClientMode(true);
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setProtocols(new String[] {"TLSv1.3"});
      parameters.setApplicationProtocols(new String[] {"h2"});
      engine.setSSLParameters(parameters);
      OneWriteTls tls = new OneWriteTls(new Socket("127.0.0.1", port), engine);
      tls.socket.setSoTimeout(10_000);
      tls.socket.setTcpNoDelay(true);
      tls.handshakeThenWrite(first);
      return tls;
    }

    private void handshakeThenWrite(byte[] first) throws IOException {
      ByteBuffer netOut = ByteBuffer.allocate(1 << 17);
      ByteBuffer scratch = ByteBuffer.allocate(1 << 17);
      engine.beginHandshake();
      HandshakeStatus status = engine.getHandshakeStatus();
      while (status != HandshakeStatus.FINISHED) {
        switch (status) {
          case NEED_WRAP -> status = engine.wrap(NOTHING, netOut).getHandshakeStatus();
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            write(netOut);
            SSLEngineResult result = engine.unwrap(netIn, scratch);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
              readSocket();
            }
            status = result.getHandshakeStatus();
          }
          case NEED_TASK -> {
            for (Runnable task = engine.getDelegatedTask(); task != null;
                task = engine.getDelegatedTask()) {
              task.run();
            }
            status = engine.getHandshakeStatus();
          }
          default -> throw new IOException("the handshake ended early: " + status);
        }
      }
      assertThat(engine.getApplicationProtocol()).isEqualTo("h2");
      engine.wrap(ByteBuffer.wrap(first), netOut);
      write(netOut);
    }

    /** {@return the server's bytes, unwrapped} */
    InputStream in() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
          while (!appIn.hasRemaining()) {
            appIn.compact();
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            appIn.flip();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
              return -1;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                && !readSocket()) {
              return -1;
            }
          }
          int n = Math.min(length, appIn.remaining());
          appIn.get(bytes, offset, n);
          return n;
        }
      };
    }

    // Reads what the socket has into netIn; false at its end.
    private boolean readSocket() throws IOException {
      netIn.compact();
      int n = socket.getInputStream().read(netIn.array(), netIn.position(),
          netIn.remaining());
      if (n > 0) {
        netIn.position(netIn.position() + n);
      }
      netIn.flip();
      return n >= 0;
    }

    private void write(ByteBuffer netOut) throws IOException {
      netOut.flip();
      socket.getOutputStream().write(netOut.array(), 0, netOut.limit());
      netOut.clear();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
