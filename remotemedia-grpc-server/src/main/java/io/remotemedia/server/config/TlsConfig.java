package io.remotemedia.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code tls} section. Certificates and keys are PEM files, reloaded on SIGHUP.
 *
 * @param enabled whether the server speaks TLS
 * @param certFile the server's certificate chain, leaf first
 * @param keyFile the server's PKCS#8 private key
 * @param clientCaFile the CA bundle client certificates are verified against
 * @param clientAuth whether clients must present a certificate
 * @param required refuse to start unless TLS is enabled
 */
public record TlsConfig(
    boolean enabled,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Optional<Path> clientCaFile,
    ClientAuth clientAuth,
    boolean required) {

  /** Whether the server asks for client certificates (mutual TLS). */
  public enum ClientAuth {
    /** No client certificate is requested. */
    NONE,
    /** A client certificate is requested and verified when sent. */
    OPTIONAL,
    /** A client without a valid certificate is refused during the handshake. */
    REQUIRE
  }
}
