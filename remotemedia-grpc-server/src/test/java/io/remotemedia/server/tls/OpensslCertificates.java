package io.remotemedia.server.tls;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Certificates made at test time with the {@code openssl} command, the same tool
 * docs/configuration.md tells operators to use, so the tests also prove that its commands
 * produce files the server and the SDK accept. EC P-256 keys: quick to generate. Without
 * openssl the calling test is skipped, or fails when {@code CI=true} (Debian package
 * {@code openssl}).
 */
public final class OpensslCertificates {
  private final Path dir;

  private OpensslCertificates(Path dir) {
    this.dir = dir;
  }

  /** Certificates in {@code dir}; skips (or fails on CI) if openssl is missing. */
  public static OpensslCertificates in(Path dir) {
    boolean present = System.getenv("PATH") != null && List.of(System.getenv("PATH")
        .split(File.pathSeparator)).stream().anyMatch(p -> Files.isExecutable(Path.of(p,
            "openssl")));
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail("openssl is not installed; CI needs: apt-get install -y openssl");
      }
      Assumptions.abort("openssl is not installed (apt-get install -y openssl); skipping");
    }
    return new OpensslCertificates(dir);
  }

  /** A certificate and its PKCS#8 key. */
  public record Pair(Path cert, Path key) {
    public String certPem() throws IOException {
      return Files.readString(cert, StandardCharsets.US_ASCII);
    }

    public String keyPem() throws IOException {
      return Files.readString(key, StandardCharsets.US_ASCII);
    }
  }

  /** A new self-signed CA named {@code name}. */
  public Pair authority(String name) throws IOException, InterruptedException {
    Pair ca = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-noenc", "-keyout", ca.key().toString(), "-out", ca.cert().toString(), "-days", "2",
        "-subj", "/CN=" + name);
    return ca;
  }

  /** A server certificate for localhost and 127.0.0.1 signed by {@code ca}. */
  public Pair server(Pair ca, String name) throws IOException, InterruptedException {
    return issue(ca, name, "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        + "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  }

  /** A client certificate signed by {@code ca}. */
  public Pair client(Pair ca, String name) throws IOException, InterruptedException {
    return issue(ca, name, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
  }

  /** The self-signed server certificate of docs/configuration.md, command for command. */
  public Pair selfSignedAsDocumented() throws IOException, InterruptedException {
    Pair pair = new Pair(dir.resolve("server.pem"), dir.resolve("server.key"));
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-noenc", "-keyout", pair.key().toString(), "-out", pair.cert().toString(),
        "-days", "365", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    return pair;
  }

  private Pair issue(Pair ca, String name, String extensions)
      throws IOException, InterruptedException {
    Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(ext, extensions, StandardCharsets.US_ASCII);
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-noenc", "-keyout", pair.key().toString(), "-out", csr.toString(),
        "-subj", "/CN=" + name);
    openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(),
        "-CAkey", ca.key().toString(), "-set_serial", Long.toString(System.nanoTime()),
        "-days", "2", "-extfile", ext.toString(), "-out", pair.cert().toString());
    return pair;
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail("%s failed:%n%s", command, new String(output, StandardCharsets.UTF_8));
    }
  }
}
