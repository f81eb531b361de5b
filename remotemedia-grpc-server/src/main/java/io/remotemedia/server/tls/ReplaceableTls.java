package io.remotemedia.server.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A TLS endpoint whose certificate and key can be replaced while it serves: the gRPC port's
 * ({@link ServerTls}) or the metrics endpoint's ({@link EndpointTls}). A reload and the {@link
 * TlsFileWatcher} give it renewed files.
 */
public interface ReplaceableTls {
  /**
   * Serves {@code material} on new connections from now on.
   *
   * @param material the files' contents, read and checked
   * @throws TlsMaterialException if part of it is refused; the served pair is then unchanged
   */
  void apply(TlsMaterial material) throws TlsMaterialException;

  /** {@return the certificate served now (the first of its chain)} */
  X509Certificate served();

  /** {@return the served certificate's subject, for log lines} */
  default String subject() {
    return served().getSubjectX500Principal().getName();
  }

  /** {@return when the served certificate expires} */
  default Instant notAfter() {
    return served().getNotAfter().toInstant();
  }
}
