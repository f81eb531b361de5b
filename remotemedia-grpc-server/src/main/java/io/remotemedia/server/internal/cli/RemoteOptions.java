package io.remotemedia.server.internal.cli;

import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The options {@code call} adds to {@code run}'s: where the server is and how to reach it.
 * Filled while {@link RunOptions#parse(String[], RunOptions.ExtraOptions)} walks the
 * arguments; not thread-safe.
 */
final class RemoteOptions implements RunOptions.ExtraOptions {
  static final String OPTIONS = """
        --target HOST:PORT      the server; a comma-separated list for replicas
                                (h1:p1,h2:p2), or a gRPC target such as dns:///name:port
        --token-file FILE       send the bearer token in FILE (first line)
        --tls-ca FILE           connect with TLS, trusting this CA certificate (PEM)
        --tls-cert FILE         with --tls-key: the client certificate for mutual TLS (PEM)
        --tls-key FILE          the client certificate's PKCS#8 key (PEM)
        --deadline-s SECONDS    give up on a call the server has not answered after this
                                long (default 60); a long input's stream, only while it opens
      """.stripTrailing();

  /** Options of one value each: a second one is refused ({@link RunOptions#once}). */
  private static final Set<String> SINGLE_VALUED = Set.of("--target", "--token-file",
      "--tls-ca", "--tls-cert", "--tls-key", "--deadline-s");

  private String target;
  private Path tokenFile;
  private Path caFile;
  private Path certFile;
  private Path keyFile;
  private Duration deadline = RemoteMediaClient.DEFAULT_DEADLINE;

  private final Set<String> given = new HashSet<>();

  @Override
  public int accept(String[] args, int index) {
    if (SINGLE_VALUED.contains(args[index])) {
      RunOptions.once(given, args[index]);
    }
    switch (args[index]) {
      case "--target" -> target = RunOptions.value(args, index + 1, "--target");
      case "--token-file" -> tokenFile = path(args, index, "--token-file");
      case "--tls-ca" -> caFile = path(args, index, "--tls-ca");
      case "--tls-cert" -> certFile = path(args, index, "--tls-cert");
      case "--tls-key" -> keyFile = path(args, index, "--tls-key");
      case "--deadline-s" ->
          deadline = seconds(RunOptions.value(args, index + 1, "--deadline-s"));
      default -> {
        return -1;
      }
    }
    return index + 1;
  }

  /** Returns the {@code --target} as given; null before it is parsed. */
  String target() {
    return target;
  }

  /** {@return whether the call connects with TLS (--tls-ca)} */
  boolean usesTls() {
    return caFile != null;
  }

  /** {@return whether the call shows a client certificate (--tls-cert)} */
  boolean hasClientCertificate() {
    return certFile != null;
  }

  /** Checks the combination once every argument is read. */
  void check() {
    if (target == null) {
      throw new IllegalArgumentException("--target is required, for example 127.0.0.1:50051");
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (certFile != null && caFile == null) {
      throw new IllegalArgumentException("--tls-cert needs --tls-ca to verify the server");
    }
  }

  /**
   * Builds the client these options describe.
   *
   * @throws IOException if a token or PEM file cannot be read; the message names it
   * @throws IllegalArgumentException if the token or an address is malformed
   */
  RemoteMediaClient client() throws IOException {
    RemoteMediaClient.Builder builder = RemoteMediaClient.builder().deadline(deadline);
    if (target.contains(",")) {
      builder.addresses(Arrays.stream(target.split(",")).map(String::strip).toList());
    } else {
      builder.target(target);
    }
    if (tokenFile != null) {
      String token = read(tokenFile, "--token-file").lines().findFirst().orElse("").strip();
      try {
        builder.token(token);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--token-file " + tokenFile + ": " + e.getMessage(),
            e);
      }
    }
    if (caFile != null) {
      builder.tls(certificates(caFile, "--tls-ca"));
    }
    if (certFile != null) {
      builder.mtls(certificates(certFile, "--tls-cert"), read(keyFile, "--tls-key"));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The certificates parsed, so it is the key, or a key that does not fit them.
      throw new IllegalArgumentException((certFile == null ? "--tls-ca " + caFile
          : "--tls-cert " + certFile + ", --tls-key " + keyFile) + ": " + e.getMessage(), e);
    }
  }

  /** Reads a PEM file that must hold at least one certificate, and says so when it does not. */
  private static String certificates(Path file, String option) throws IOException {
    String pem = read(file, option);
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(
          new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))).isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + ": holds no certificate; give"
            + " a PEM file with \"-----BEGIN CERTIFICATE-----\" blocks");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(option + " " + file + ": not a readable PEM"
          + " certificate (" + e.getMessage() + ")", e);
    }
    return pem;
  }

  private static Duration seconds(String text) {
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--deadline-s must be a number of seconds, was \""
          + text + "\"", e);
    }
    if (!(seconds >= 0.001 && seconds <= 86_400)) {
      throw new IllegalArgumentException("--deadline-s must be in [0.001, 86400] seconds, was "
          + text);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static Path path(String[] args, int index, String option) {
    return Path.of(RunOptions.value(args, index + 1, option));
  }

  private static String read(Path file, String option) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new IOException(option + " " + file + ": not a text file; give a PEM file", e);
    } catch (IOException e) {
      throw new IOException(option + " " + file + ": cannot read it: "
          + FileAccessFailure.reason(e), e);
    }
  }
}
