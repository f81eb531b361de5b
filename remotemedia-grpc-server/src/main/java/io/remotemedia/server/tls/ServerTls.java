package io.remotemedia.server.tls;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.remotemedia.server.config.TlsConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The server side of TLS: credentials for {@code NettyServerBuilder.forAddress(address,
 * credentials)} whose key manager and trust manager can be given new files while the server
 * runs. New connections use the new certificate; open connections keep theirs. Thread-safe.
 *
 * <p>Whether clients must present a certificate ({@link TlsConfig.ClientAuth}) is fixed when
 * the credentials are built; the CA bundle can change on reload.
 */
public final class ServerTls implements ReplaceableTls {
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final AdvancedTlsX509TrustManager trustManager;
  private final TlsConfig.ClientAuth clientAuth;
  /** The served leaf certificate, for logs and the expiry metric. */
  private volatile X509Certificate served;

  private ServerTls(TlsConfig.ClientAuth clientAuth) throws TlsMaterialException {
    this.clientAuth = clientAuth;
    if (clientAuth == TlsConfig.ClientAuth.NONE) {
      trustManager = null;
    } else {
      try {
        // Client certificates carry no host name to check: verify the chain only.
        trustManager = AdvancedTlsX509TrustManager.newBuilder()
            .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
            .build();
      } catch (CertificateException e) {
        throw new TlsMaterialException("tls.client_ca_file",
            "cannot set up client certificate verification: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Builds the server's TLS from checked material.
   *
   * @param config the TLS section, for the client-certificate policy
   * @param material the certificate chain, key and client CA bundle, already read
   * @return the server's TLS, serving {@code material}
   * @throws TlsMaterialException if the material is refused
   */
  public static ServerTls create(TlsConfig config, TlsMaterial material)
      throws TlsMaterialException {
    ServerTls tls = new ServerTls(config.clientAuth());
    tls.apply(material);
    return tls;
  }

  /** {@return credentials that always present the newest applied material} */
  public ServerCredentials credentials() {
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
        .keyManager(keyManager);
    if (trustManager != null) {
      builder.trustManager(trustManager).clientAuth(switch (clientAuth) {
        case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
        case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
        case NONE -> TlsServerCredentials.ClientAuth.NONE;
      });
    }
    return builder.build();
  }

  /** {@return whether the server asks for client certificates} */
  public TlsConfig.ClientAuth clientAuth() {
    return clientAuth;
  }

  /**
   * Serves {@code material} on new connections from now on.
   *
   * @param material the certificate chain, key and client CA bundle to serve from now on
   * @throws TlsMaterialException if the CA bundle is refused; the key pair is then unchanged
   */
  @Override
  public void apply(TlsMaterial material) throws TlsMaterialException {
    if (trustManager != null && material.clientCas().isPresent()) {
      try {
        trustManager.updateTrustCredentials(material.clientCas().get());
      } catch (IOException | GeneralSecurityException e) {
        throw new TlsMaterialException("tls.client_ca_file",
            "tls.client_ca_file: the CA bundle is refused: " + e.getMessage(), e);
      }
    }
    keyManager.updateIdentityCredentials(material.chain(), material.key());
    served = material.chain()[0];
  }

  @Override
  public X509Certificate served() {
    return served;
  }
}
