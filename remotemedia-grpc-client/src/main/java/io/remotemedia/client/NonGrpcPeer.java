package io.remotemedia.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains grpc-java's "First received frame was not SETTINGS. Hex dump for first 5 bytes:
 * 485454502f": the target answered, but not in HTTP/2, so it is no gRPC server (or it wants
 * TLS). The first bytes say what it is: "HTTP/" from a web server or the metrics port, a TLS
 * record from a server that wants TLS.
 */
final class NonGrpcPeer {
  private static final Pattern NOT_SETTINGS = Pattern.compile(
      "First received frame was not SETTINGS\\. Hex dump for first \\d+ bytes: ([0-9a-f]*)");
  /** "HTTP/" in hex. */
  private static final String HTTP_1 = "485454502f";

  private NonGrpcPeer() {}

  /** {@return what the peer is, when {@code failure} holds grpc-java's text for it} */
  static Optional<String> explain(String failure) {
    Matcher notSettings = NOT_SETTINGS.matcher(failure == null ? "" : failure);
    if (!notSettings.find()) {
      return Optional.empty();
    }
    String hex = notSettings.group(1);
    String answer;
    if (hex.startsWith(HTTP_1)) {
      answer = "it answered in HTTP/1.x, as a web server or the server's metrics port does;"
          + " check the target's port";
    } else if (hex.startsWith("15") || hex.startsWith("16")) {
      answer = "it answered with a TLS record: it expects TLS, so connect with TLS (trust its"
          + " CA certificate)";
    } else {
      answer = "its first bytes (hex " + hex + ") are not HTTP/2; check the target's port";
    }
    return Optional.of("the target is not a gRPC server speaking HTTP/2 without TLS: " + answer);
  }
}
