package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.tls.OpensslCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code call} against a server whose TLS does not match the options: the message says that a
 * server is there and what to change, where grpc-java says only "ssl exception" or "Network
 * closed for unknown reason". Certificates from openssl at test time.
 */
class CallCommandTlsTest {
  @TempDir Path dir;
  private final List<ConfiguredServer> servers = new ArrayList<>();
  private OpensslCertificates.Pair ca;
  private ConfiguredServer mutualTls;

  @BeforeEach
  void start() throws Exception {
    OpensslCertificates certificates = OpensslCertificates.in(dir);
    ca = certificates.authority("ca");
    OpensslCertificates.Pair server = certificates.server(ca, "server");
    mutualTls = server("""
        tls:
          enabled: true
          cert_file: %s
          key_file: %s
          client_auth: require
          client_ca_file: %s
        """.formatted(server.cert(), server.key(), ca.cert()));
    WavWriter.write(dir.resolve("in.wav"), AudioBuffer.of(AudioFormat.f32(8000, 1),
        new float[] {0.5f}), WavSampleEncoding.FLOAT32);
  }

  @AfterEach
  void stop() {
    servers.forEach(server -> server.shutdown(Duration.ofSeconds(5)));
  }

  @Test
  void call_withoutTlsToATlsServer_saysTheServerClosedAndNamesTlsCa() throws Exception {
    String message = call("--target", "127.0.0.1:" + mutualTls.port());

    assertThat(message).startsWith("remotemedia call: no server answered at 127.0.0.1:"
            + mutualTls.port() + " (UNAVAILABLE: ")
        .contains("); a server there closed the connection before answering, as a TLS server"
            + " does to a client without --tls-ca; check that")
        .as("the SDK's own hint is not repeated").doesNotContain("saying why");
  }

  @Test
  void call_withoutAClientCertificateToAServerRequiringOne_saysTheHandshakeFailed()
      throws Exception {
    String message = call("--target", "127.0.0.1:" + mutualTls.port(),
        "--tls-ca", ca.cert().toString());

    assertThat(message).startsWith("remotemedia call: the TLS handshake with 127.0.0.1:"
            + mutualTls.port() + " failed (")
        .endsWith("); check that --tls-ca is the CA that signed the server's certificate, and"
            + " whether the server requires a client certificate (--tls-cert, --tls-key)\n")
        .doesNotContain("no server answered");
  }

  @Test
  void call_withTlsToAPlaintextServer_saysItAnsweredWithoutTls() throws Exception {
    ConfiguredServer plaintext = server("");

    String message = call("--target", "127.0.0.1:" + plaintext.port(),
        "--tls-ca", ca.cert().toString());

    assertThat(message).isEqualTo("remotemedia call: the server at 127.0.0.1:"
        + plaintext.port() + " answered without TLS; leave out --tls-ca (and --tls-cert,"
        + " --tls-key), or turn TLS on in the server's configuration\n");
  }

  private ConfiguredServer server(String moreYaml) throws Exception {
    Path config = Files.createTempFile(dir, "config", ".yaml");
    Files.writeString(config, "server:\n  port: 0\nmetrics:\n  enabled: false\n" + moreYaml,
        StandardCharsets.UTF_8);
    ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
    servers.add(server);
    return server;
  }

  /** Runs {@code call} over a one-sample WAV and returns what it printed on stderr. */
  private String call(String... remoteOptions) {
    List<String> args = new ArrayList<>(List.of(remoteOptions));
    args.addAll(List.of("--manifest", "../examples/gain.json", "--input",
        dir.resolve("in.wav").toString(), "--output", dir.resolve("out.wav").toString()));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CallCommand(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args.toArray(String[]::new));
    assertThat(code).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
