package io.remotemedia.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.internal.logging.CapturedLog;
import io.remotemedia.server.metrics.Exposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS on the real Netty server on loopback, with openssl-made certificates. */
class TlsEndToEndTest {
  @TempDir Path temp;
  private OpensslCertificates certificates;
  private OpensslCertificates.Pair ca;
  private OpensslCertificates.Pair serverPair;
  private final List<RemoteMediaClient> clients = new ArrayList<>();
  private ConfiguredServer server;

  @BeforeEach
  void makeCertificates() throws Exception {
    certificates = OpensslCertificates.in(temp);
    ca = certificates.authority("test-ca");
    serverPair = certificates.server(ca, "server");
  }

  @AfterEach
  void stop() {
    clients.forEach(RemoteMediaClient::close);
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void tls_clientTrustingTheCa_isServed_plaintextClientIsNot() throws Exception {
    start("");

    assertThat(client(builder -> builder.tls(pem(ca.cert()))).serverInfo().compatible())
        .isTrue();
    assertThat(server.tlsEnabled()).isTrue();
    assertThatThrownBy(() -> client(UnaryOperator.identity()).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void tlsClient_serverWithoutTls_isProtocolMismatchSayingSo() throws Exception {
    server = ConfiguredServer.start(ConfigLoader.builder().file(writeConfig("""
        server:
          port: 0
        metrics:
          enabled: false
        """)).build());

    assertThatThrownBy(() -> client(builder -> builder.tls(pem(ca.cert()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
        })
        .hasMessageStartingWith("the server answered without TLS: build the client without"
            + " tls(...)");
  }

  @Test
  void tlsClient_serverCertificateFromAnotherCa_saysTheHandshakeFailedAndWhatToCheck()
      throws Exception {
    OpensslCertificates.Pair otherCa = certificates.authority("other-ca");
    start("");

    assertThatThrownBy(() -> client(builder -> builder.tls(pem(otherCa.cert()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
        .hasMessageStartingWith("the TLS handshake with the server failed (")
        .hasMessageContaining("check that tls(caCertPem) holds the CA that signed the"
            + " server's certificate");
  }

  @Test
  void mtls_required_servesClientsWithACertificateFromTheCaOnly() throws Exception {
    OpensslCertificates.Pair alice = certificates.client(ca, "alice");
    OpensslCertificates.Pair otherCa = certificates.authority("other-ca");
    OpensslCertificates.Pair mallory = certificates.client(otherCa, "mallory");
    start("client_auth: require\n  client_ca_file: " + ca.cert());

    assertThat(client(builder -> builder.tls(pem(ca.cert()))
        .mtls(pem(alice.cert()), pem(alice.key()))).serverInfo().compatible()).isTrue();
    assertThatThrownBy(() -> client(builder -> builder.tls(pem(ca.cert()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThatThrownBy(() -> client(builder -> builder.tls(pem(ca.cert()))
            .mtls(pem(mallory.cert()), pem(mallory.key()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void mtls_optional_servesClientsWithAndWithoutACertificate() throws Exception {
    OpensslCertificates.Pair alice = certificates.client(ca, "alice");
    start("client_auth: optional\n  client_ca_file: " + ca.cert());

    assertThat(client(builder -> builder.tls(pem(ca.cert()))
        .mtls(pem(alice.cert()), pem(alice.key()))).serverInfo().compatible()).isTrue();
    assertThat(client(builder -> builder.tls(pem(ca.cert()))).serverInfo().compatible())
        .isTrue();
  }

  @Test
  void reload_newCertificateFiles_areServedToNewConnections() throws Exception {
    start("");
    OpensslCertificates.Pair newCa = certificates.authority("new-ca");
    OpensslCertificates.Pair renewed = certificates.server(newCa, "renewed");
    Files.move(renewed.cert(), serverPair.cert(), StandardCopyOption.REPLACE_EXISTING);
    Files.move(renewed.key(), serverPair.key(), StandardCopyOption.REPLACE_EXISTING);

    assertThat(server.reload()).isTrue();

    assertThat(client(builder -> builder.tls(pem(newCa.cert()))).serverInfo().compatible())
        .isTrue();
    assertThatThrownBy(() -> client(builder -> builder.tls(pem(ca.cert()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void reload_fileThatTurnsTlsOff_keepsServingTls_andDoesNotSayCertificatesWereReloaded()
      throws Exception {
    start("");
    writeConfig("server:\n  port: 0\nmetrics:\n  enabled: false\n");

    try (CapturedLog log = CapturedLog.start("tls-off-reload")) {
      assertThat(server.reload()).isTrue();

      assertThat(log.text()).contains("TLS on as started, certificates kept")
          .doesNotContain("certificates reloaded");
    }
    assertThat(client(builder -> builder.tls(pem(ca.cert()))).serverInfo().compatible())
        .isTrue();
  }

  /**
   * tls.client_auth is restart-only: a reload that changes it keeps the handshake as started
   * (the client CA file, which renewals replace, is read again) and says a restart is needed.
   */
  @Test
  void reload_fileThatRequiresClientCertificates_keepsServingClientsWithoutOne()
      throws Exception {
    start("");
    writeTlsConfig("client_auth: require\n  client_ca_file: " + ca.cert());

    try (CapturedLog log = CapturedLog.start("client-auth-reload")) {
      assertThat(server.reload()).isTrue();

      assertThat(log.text()).contains("take effect only on restart").contains("tls.client_auth");
    }
    assertThat(client(builder -> builder.tls(pem(ca.cert()))).serverInfo().compatible())
        .isTrue();
  }

  @Test
  void reload_fileThatNoLongerAsksForClientCertificates_keepsRefusingClientsWithoutOne()
      throws Exception {
    OpensslCertificates.Pair alice = certificates.client(ca, "alice");
    start("client_auth: require\n  client_ca_file: " + ca.cert());
    writeTlsConfig("client_auth: none");

    assertThat(server.reload()).isTrue();

    assertThatThrownBy(() -> client(builder -> builder.tls(pem(ca.cert()))).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(client(builder -> builder.tls(pem(ca.cert()))
        .mtls(pem(alice.cert()), pem(alice.key()))).serverInfo().compatible()).isTrue();
  }

  @Test
  void metrics_certificateExpiry_isTheServedCertificatesAndFollowsAReload() throws Exception {
    Path config = writeConfig("""
        server:
          port: 0
        metrics:
          port: 0
        tls:
          enabled: true
          cert_file: %s
          key_file: %s
        """.formatted(serverPair.cert(), serverPair.key()));
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
    int metricsPort = server.metricsPort().orElseThrow();

    double twoDays = notAfterSeconds(serverPair.cert());
    assertThat(Exposition.scrape(metricsPort).value("tls_certificate_expiry_timestamp_seconds"))
        .isEqualTo(twoDays);
    // Rewrites server.pem and server.key in place with a certificate valid for 365 days.
    certificates.selfSignedAsDocumented();
    double year = notAfterSeconds(serverPair.cert());
    assertThat(year).isGreaterThan(twoDays);
    assertThat(server.reload()).isTrue();
    assertThat(Exposition.scrape(metricsPort).value("tls_certificate_expiry_timestamp_seconds"))
        .isEqualTo(year);
  }

  @Test
  void reload_keyOfAnotherCertificate_keepsServingTheOldOne() throws Exception {
    start("");
    OpensslCertificates.Pair other = certificates.server(ca, "other");
    Files.copy(other.key(), serverPair.key(), StandardCopyOption.REPLACE_EXISTING);

    assertThat(server.reload()).isFalse();

    assertThat(client(builder -> builder.tls(pem(ca.cert()))).serverInfo().compatible())
        .isTrue();
  }

  @Test
  void start_keyOfAnotherCertificate_isRefusedNamingBothFiles() throws Exception {
    OpensslCertificates.Pair other = certificates.server(ca, "other");
    Path config = writeConfig("server:\n  port: 0\nmetrics:\n  enabled: false\ntls:\n"
        + "  enabled: true\n  cert_file: "
        + serverPair.cert() + "\n  key_file: " + other.key() + "\n");

    assertThatThrownBy(() -> ConfiguredServer.start(ConfigLoader.builder().file(config).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(config + ": 1 problem:\n  tls.key_file (line 8, column 13): " + other.key()
            + " is not the key of the certificate in tls.cert_file " + serverPair.cert());
  }

  @Test
  void start_certificateFileThatIsNotPem_isRefusedNamingIt() throws Exception {
    Path notPem = temp.resolve("cert.txt");
    Files.writeString(notPem, "hello\n");
    Path config = writeConfig("server:\n  port: 0\nmetrics:\n  enabled: false\ntls:\n"
        + "  enabled: true\n  cert_file: "
        + notPem + "\n  key_file: " + serverPair.key() + "\n");

    assertThatThrownBy(() -> ConfiguredServer.start(ConfigLoader.builder().file(config).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(config + ": 1 problem:\n  tls.cert_file (line 7, column 14): " + notPem
            + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void start_tlsRequiredButOff_refusesToStart() throws Exception {
    Path config = writeConfig(
        "server:\n  port: 0\ntls:\n  required: true\nmetrics:\n  enabled: false\n");

    assertThatThrownBy(() -> ConfiguredServer.start(ConfigLoader.builder().file(config).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(config + ": 1 problem:\n  tls.required (line 4, column 13): tls.required is"
            + " true, so the server refuses to start without TLS: set tls.enabled: true with"
            + " tls.cert_file and tls.key_file");
  }

  @Test
  void documentedSetup_selfSignedCertificateAndToken_servesTheSdk() throws Exception {
    OpensslCertificates.Pair selfSigned = certificates.selfSignedAsDocumented();
    Path tokens = temp.resolve("tokens.txt");
    Files.writeString(tokens, TokenSet.hashLine("alice", "alice-token") + "\n");
    Path config = writeConfig("""
        server:
          host: 127.0.0.1
          port: 0
        metrics:
          port: 0
        auth:
          enabled: true
          tokens_file: %s
        tls:
          enabled: true
          required: true
          cert_file: %s
          key_file: %s
        """.formatted(tokens, selfSigned.cert(), selfSigned.key()));
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());

    assertThat(client(builder -> builder.tls(pem(selfSigned.cert())).token("alice-token"))
        .serverInfo().compatible()).isTrue();
    assertThatThrownBy(() -> client(builder -> builder.tls(pem(selfSigned.cert())))
            .serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void refusedOpensPastTheResetLimit_leaveTheTlsConnectionOpen() throws Exception {
    // Each refused open ends with the client's reset of a stream the server has ended; such
    // resets must not count towards the limit on a TLS connection either.
    start("", "max_stream_resets_per_10s: 5");
    RemoteMediaClient client = client(builder -> builder.tls(pem(ca.cert())));
    OpenStreamRequest twoSources = OpenStreamRequest.of(new ManifestParser().parse("""
        {"version": "v1", "nodes": [
          {"id": "a", "node_type": "Gain"}, {"id": "b", "node_type": "Gain"}]}"""),
        AudioFormat.f32(8000, 1));

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> client.openSession(twoSources))
          .isInstanceOfSatisfying(RemoteMediaException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    }
  }

  private void start(String tlsExtra) throws Exception {
    start(tlsExtra, "");
  }

  private void start(String tlsExtra, String serverExtra) throws Exception {
    Path config = writeTlsConfig(tlsExtra, serverExtra);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  private Path writeTlsConfig(String tlsExtra) throws Exception {
    return writeTlsConfig(tlsExtra, "");
  }

  /** Writes the configuration {@link #start} serves, with {@code tlsExtra} under tls. */
  private Path writeTlsConfig(String tlsExtra, String serverExtra) throws Exception {
    return writeConfig("""
        server:
          port: 0
          %s
        metrics:
          enabled: false
        tls:
          enabled: true
          cert_file: %s
          key_file: %s
          %s
        """.formatted(serverExtra, serverPair.cert(), serverPair.key(), tlsExtra));
  }

  private Path writeConfig(String yaml) throws Exception {
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    return config;
  }

  private RemoteMediaClient client(UnaryOperator<RemoteMediaClient.Builder> options)
      throws Exception {
    RemoteMediaClient client = options.apply(RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(20))).build();
    clients.add(client);
    return client;
  }

  private static double notAfterSeconds(Path pem) throws Exception {
    try (java.io.InputStream in = Files.newInputStream(pem)) {
      return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(in)).getNotAfter().toInstant()
          .getEpochSecond();
    }
  }

  private static String pem(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
