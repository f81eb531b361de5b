package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.tls.OpensslCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured server's /metrics endpoint: where it binds, basic authentication and TLS,
 * through a real HTTP client, with certificates made at test time.
 */
class MetricsEndpointSecurityTest {
  private static final String PASSWORD = "s3cret-scrape-password";

  @TempDir Path temp;
  private ConfiguredServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void grpcOnAllInterfaces_metricsStayOnLoopbackByDefault() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    start("""
        server:
          host: 0.0.0.0
          port: 0
        auth:
          enabled: false
        metrics:
          port: 0
        """);
    int metricsPort = server.metricsPort().orElseThrow();

    assertThat(get("http://127.0.0.1:" + metricsPort + "/metrics", null).statusCode())
        .isEqualTo(200);
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to probe");
    // gRPC answers on the machine's other address; the metrics port does not.
    try (Socket grpc = new Socket()) {
      grpc.connect(new InetSocketAddress(external.get(), server.port()), 5_000);
    }
    assertThatThrownBy(() -> {
      try (Socket metrics = new Socket()) {
        metrics.connect(new InetSocketAddress(external.get(), metricsPort), 5_000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  @Test
  void basicAuth_refusesMissingOrWrongCredentialsAndServesTheRightOnes() throws Exception {
    Path passwordFile = startWithBasicAuth(PASSWORD + "\n", "");
    String url = "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics";

    HttpResponse<String> none = get(url, null);
    HttpResponse<String> wrongPassword = get(url, basic("prometheus", PASSWORD + "x"));
    HttpResponse<String> wrongUser = get(url, basic("grafana", PASSWORD));
    HttpResponse<String> right = get(url, basic("prometheus", PASSWORD));
    HttpResponse<String> readyWithoutCredentials = get(
        "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/-/ready", null);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge)
            .startsWith("Basic realm=\"remotemedia-metrics\""));
    assertThat(none.body()).doesNotContain("grpc_requests_total");
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(wrongUser.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    // Probes (the kubelet's) send no password: readiness tells nothing else, so it asks none.
    assertThat(readyWithoutCredentials.statusCode()).isEqualTo(200);
    assertThat(readyWithoutCredentials.body()).isEqualTo("SERVING\n");
    assertThat(right.body()).contains("connections_refused_total", "connections_open",
        "resampler_design_cache_bytes", "resampler_design_cache_evictions_total",
        "auth_throttled_total");
    assertThat(server.effectiveConfig().render()).doesNotContain(PASSWORD)
        .contains("metrics.basic_auth.password_file = " + passwordFile);
  }

  @Test
  void tls_servesHttpsWithCertificatesMadeNow_andRefusesPlainHttp() throws Exception {
    OpensslCertificates certificates = OpensslCertificates.in(temp);
    OpensslCertificates.Pair ca = certificates.authority("metrics-ca");
    OpensslCertificates.Pair pair = certificates.server(ca, "metrics");
    startWithBasicAuth(PASSWORD, """
          tls:
            enabled: true
            cert_file: %s
            key_file: %s
        """.formatted(pair.cert(), pair.key()));
    int port = server.metricsPort().orElseThrow();
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(ca.cert()))
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> https = trusting.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + port + "/metrics"))
        .header("Authorization", basic("prometheus", PASSWORD)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> httpsWithoutPassword = trusting.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(https.statusCode()).isEqualTo(200);
    assertThat(https.body()).contains("grpc_requests_total");
    assertThat(httpsWithoutPassword.statusCode()).isEqualTo(401);
    HttpResponse<String> ready = trusting.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + port + "/-/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("SERVING\n");
    assertThat(plainHttpAnswer(port)).doesNotContain("grpc_requests_total");
  }

  @Test
  void tls_renewedFiles_areServedAfterAReload() throws Exception {
    ServedFiles served = startServingFiles();

    OpensslCertificates.Pair renewed = served.certificates().server(served.ca(), "localhost");
    Files.copy(renewed.cert(), served.certFile(), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.key(), served.keyFile(), StandardCopyOption.REPLACE_EXISTING);
    boolean reloaded = server.reload();

    assertThat(reloaded).isTrue();
    assertThat(served.certificateNow().getSerialNumber())
        .isNotEqualTo(served.first().getSerialNumber())
        .isEqualTo(certificate(renewed.cert()).getSerialNumber());
  }

  @Test
  void tls_renewedKeyOfAnotherCertificate_failsTheReloadAndTheOldOneIsServed() throws Exception {
    ServedFiles served = startServingFiles();

    OpensslCertificates.Pair renewed = served.certificates().server(served.ca(), "localhost");
    Files.copy(renewed.cert(), served.certFile(), StandardCopyOption.REPLACE_EXISTING);
    boolean reloaded = server.reload();

    assertThat(reloaded).isFalse();
    assertThat(served.certificateNow().getSerialNumber())
        .isEqualTo(served.first().getSerialNumber());
  }

  /**
   * Starts the server with its metrics endpoint on HTTPS, serving a certificate of a new CA
   * from files that the test may then replace.
   */
  private ServedFiles startServingFiles() throws Exception {
    OpensslCertificates certificates = OpensslCertificates.in(temp);
    OpensslCertificates.Pair ca = certificates.authority("metrics-ca");
    OpensslCertificates.Pair first = certificates.server(ca, "localhost");
    Path certFile = temp.resolve("served.pem");
    Path keyFile = temp.resolve("served.key");
    Files.copy(first.cert(), certFile);
    Files.copy(first.key(), keyFile);
    startWithBasicAuth(PASSWORD, """
          tls:
            enabled: true
            cert_file: %s
            key_file: %s
        """.formatted(certFile, keyFile));
    String url = "https://localhost:" + server.metricsPort().orElseThrow() + "/-/ready";
    return new ServedFiles(certificates, ca, certFile, keyFile, url,
        servedCertificate(url, ca.cert()));
  }

  /**
   * The metrics endpoint's certificate files and CA, and the certificate it served first.
   *
   * @param url the endpoint's ready page, over HTTPS
   */
  private record ServedFiles(OpensslCertificates certificates, OpensslCertificates.Pair ca,
      Path certFile, Path keyFile, String url, X509Certificate first) {
    /** {@return the certificate the endpoint serves now} */
    X509Certificate certificateNow() throws Exception {
      return servedCertificate(url, ca.cert());
    }
  }

  @Test
  void tls_keyOfAnotherCertificate_isAProblemNamingTheMetricsKeys() throws Exception {
    OpensslCertificates certificates = OpensslCertificates.in(temp);
    OpensslCertificates.Pair ca = certificates.authority("metrics-ca");
    OpensslCertificates.Pair pair = certificates.server(ca, "metrics");
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
        metrics:
          port: 0
          tls:
            enabled: true
            cert_file: %s
            key_file: %s
        """.formatted(pair.cert(), ca.key()), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfiguredServer.start(ConfigLoader.builder().file(config).build()))
        .hasMessageContaining("metrics.tls.key_file (line 8, column 15): " + ca.key()
            + " is not the key of the certificate in metrics.tls.cert_file " + pair.cert());
  }

  /** Starts with basic authentication, the password file holding {@code passwordFileText}. */
  private Path startWithBasicAuth(String passwordFileText, String moreMetricsYaml)
      throws Exception {
    Path passwordFile = temp.resolve("metrics-password");
    Files.writeString(passwordFile, passwordFileText, StandardCharsets.UTF_8);
    start("""
        server:
          port: 0
        metrics:
          port: 0
          basic_auth:
            username: prometheus
            password_file: %s
        %s""".formatted(passwordFile, moreMetricsYaml));
    return passwordFile;
  }

  private void start(String yaml) throws Exception {
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  private static HttpResponse<String> get(String url, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** What a plain-HTTP request to the HTTPS port gets back: a TLS alert or nothing. */
  private static String plainHttpAnswer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
    } catch (SocketException reset) {
      return "";
    }
  }

  /** The certificate a new HTTPS connection to {@code url} is served (a new client each time). */
  private static X509Certificate servedCertificate(String url, Path caPem) throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder().sslContext(trusting(caPem))
        .connectTimeout(Duration.ofSeconds(10)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private static X509Certificate certificate(Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
    Certificate ca = certificate(caPem);
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", ca);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(network -> {
          try {
            return network.isUp() && !network.isLoopback();
          } catch (SocketException e) {
            return false;
          }
        })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }
}
