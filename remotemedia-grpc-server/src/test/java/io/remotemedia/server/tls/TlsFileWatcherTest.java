package io.remotemedia.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.Await;
import io.remotemedia.server.config.TlsConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewed certificate files on disk, with openssl's certificates, and no signal. */
class TlsFileWatcherTest {
  @TempDir Path temp;
  private OpensslCertificates certificates;
  private OpensslCertificates.Pair ca;
  private Path certFile;
  private Path keyFile;
  private ServerTls tls;
  private TlsFileWatcher watcher;

  @BeforeEach
  void serveFirstCertificate() throws Exception {
    certificates = OpensslCertificates.in(temp);
    ca = certificates.authority("ca");
    OpensslCertificates.Pair first = certificates.server(ca, "first");
    certFile = temp.resolve("served.pem");
    keyFile = temp.resolve("served.key");
    Files.copy(first.cert(), certFile);
    Files.copy(first.key(), keyFile);
    TlsConfig config = new TlsConfig(true, Optional.of(certFile), Optional.of(keyFile),
        Optional.empty(), TlsConfig.ClientAuth.NONE, false);
    tls = ServerTls.create(config, TlsMaterial.load(config));
    watcher = TlsFileWatcher.start(() -> config, "tls", tls, Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void renewedFiles_areServedWithoutASignal_evenWhenTheKeyLandsAfterTheCertificate()
      throws Exception {
    assertThat(tls.subject()).isEqualTo("CN=first");
    OpensslCertificates.Pair renewed = certificates.server(ca, "renewed");

    // One file at a time, as a script would: for a moment the pair does not match.
    Files.move(renewed.cert(), certFile, StandardCopyOption.REPLACE_EXISTING);
    Thread.sleep(200);
    assertThat(tls.subject()).as("a certificate without its key is not served")
        .isEqualTo("CN=first");
    Files.move(renewed.key(), keyFile, StandardCopyOption.REPLACE_EXISTING);

    Await.until("the renewed certificate served", Duration.ofSeconds(10),
        () -> tls.subject().equals("CN=renewed"));
    assertThat(tls.notAfter()).isEqualTo(notAfter(certFile));
  }

  @Test
  void fileThatIsNotACertificate_keepsTheServedOneUntilAGoodOneComes() throws Exception {
    Instant served = tls.notAfter();
    Files.writeString(certFile, "not a certificate");
    Thread.sleep(300);
    assertThat(tls.subject()).isEqualTo("CN=first");
    assertThat(tls.notAfter()).isEqualTo(served);

    OpensslCertificates.Pair renewed = certificates.server(ca, "renewed");
    Files.move(renewed.key(), keyFile, StandardCopyOption.REPLACE_EXISTING);
    Files.move(renewed.cert(), certFile, StandardCopyOption.REPLACE_EXISTING);

    Await.until("the renewed certificate served", Duration.ofSeconds(10),
        () -> tls.subject().equals("CN=renewed"));
  }

  @Test
  void metricsEndpointsTls_getsRenewedFilesToo() throws Exception {
    TlsConfig config = new TlsConfig(true, Optional.of(certFile), Optional.of(keyFile),
        Optional.empty(), TlsConfig.ClientAuth.NONE, false);
    EndpointTls endpoint = EndpointTls.create(TlsMaterial.load(config, "metrics.tls"),
        "metrics.tls");
    try (TlsFileWatcher metricsWatcher = TlsFileWatcher.start(() -> config, "metrics.tls",
        endpoint, Duration.ofMillis(50))) {
      assertThat(endpoint.subject()).isEqualTo("CN=first");
      OpensslCertificates.Pair renewed = certificates.server(ca, "renewed");
      Files.move(renewed.key(), keyFile, StandardCopyOption.REPLACE_EXISTING);
      Files.move(renewed.cert(), certFile, StandardCopyOption.REPLACE_EXISTING);

      Await.until("the renewed certificate served", Duration.ofSeconds(10),
          () -> endpoint.subject().equals("CN=renewed"));
      assertThat(endpoint.notAfter()).isEqualTo(notAfter(certFile));
    }
  }

  private static Instant notAfter(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return certificate.getNotAfter().toInstant();
    }
  }
}
