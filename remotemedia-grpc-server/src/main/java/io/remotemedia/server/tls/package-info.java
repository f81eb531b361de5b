/**
 * Transport security: {@link io.remotemedia.server.tls.ServerTls} serves the configured PEM
 * certificate and key, optionally verifies client certificates against a CA bundle (mutual
 * TLS), and swaps in new files on reload without dropping connections. It is built on grpc's
 * reloadable {@code AdvancedTlsX509KeyManager} and {@code AdvancedTlsX509TrustManager}.
 */
package io.remotemedia.server.tls;
