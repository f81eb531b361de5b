package io.remotemedia.client;

import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Explains a connection whose TLS did not work out: grpc-java says only "io exception" and
 * hangs Netty's exception on it, after the channel's pipeline and a hex dump. A client with TLS
 * whose server answers in plaintext gets Netty's "not an SSL/TLS record"; any other {@link
 * SSLException} is a handshake that failed (a server certificate this client does not trust,
 * or a client certificate the server wants and did not get). Retrying changes neither.
 */
final class TlsMismatch {
  /** How Netty's {@code NotSslRecordException} starts its message. */
  private static final String NOT_A_RECORD = "not an SSL/TLS record";

  private TlsMismatch() {}

  /** {@return the TLS failure that ended the connection under {@code failure}, if any} */
  static Optional<SSLException> find(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException tls) {
        return Optional.of(tls);
      }
    }
    return Optional.empty();
  }

  /** {@return whether the server answered in plaintext where this client expected TLS} */
  static boolean isPlaintextServer(SSLException tls) {
    return String.valueOf(tls.getMessage()).startsWith(NOT_A_RECORD);
  }

  /** {@return what went wrong, and what to check} */
  static String explain(SSLException tls) {
    if (isPlaintextServer(tls)) {
      return "the server answered without TLS: build the client without tls(...) (and"
          + " mtls(...)), or turn TLS on in the server's configuration";
    }
    String said = String.valueOf(tls.getMessage());
    int lineEnd = said.indexOf('\n');
    return "the TLS handshake with the server failed (" + (lineEnd < 0 ? said
        : said.substring(0, lineEnd)) + "): check that tls(caCertPem) holds the CA that signed"
        + " the server's certificate, and, where the server requires client certificates, that"
        + " mtls(certPem, keyPem) gives one its CA signed";
  }
}
