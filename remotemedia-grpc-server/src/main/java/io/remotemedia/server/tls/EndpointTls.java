package io.remotemedia.server.tls;

import io.grpc.util.AdvancedTlsX509KeyManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * The server side of TLS for an HTTPS endpoint beside gRPC (the metrics endpoint): a {@link
 * SSLContext} whose key manager always presents the newest applied certificate and key, like
 * {@link ServerTls} does for gRPC. Client certificates are not asked for. Thread-safe.
 *
 * <pre>{@code
 * EndpointTls tls = EndpointTls.create(TlsMaterial.load(config.metrics().tls(), "metrics.tls"));
 * MetricsHttpServer.start(host, port, registry,
 *     new MetricsAccess(Optional.empty(), Optional.of(tls.sslContext())));
 * }</pre>
 */
public final class EndpointTls implements ReplaceableTls {
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final SSLContext context;
  private volatile X509Certificate served;

  private EndpointTls(SSLContext context) {
    this.context = context;
  }

  /**
   * Builds the context and applies {@code material}.
   *
   * @param material the certificate chain and key to serve
   * @param section the configuration section, such as {@code metrics.tls}, named in errors
   * @return the endpoint's TLS, serving {@code material}
   * @throws TlsMaterialException if the platform has no TLS context (never on a standard JDK)
   */
  public static EndpointTls create(TlsMaterial material, String section)
      throws TlsMaterialException {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(section + ".enabled", section
          + ": this Java platform offers no TLS: " + e.getMessage(), e);
    }
    EndpointTls tls = new EndpointTls(context);
    try {
      context.init(new KeyManager[] {tls.keyManager}, null, null);
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(section + ".enabled", section
          + ": cannot set up TLS: " + e.getMessage(), e);
    }
    tls.apply(material);
    return tls;
  }

  /** {@return the context to serve HTTPS with} */
  public SSLContext sslContext() {
    return context;
  }

  /**
   * Serves {@code material} on new connections from now on.
   *
   * @param material the certificate chain and key to serve from now on
   */
  @Override
  public void apply(TlsMaterial material) {
    keyManager.updateIdentityCredentials(material.chain(), material.key());
    served = material.chain()[0];
  }

  @Override
  public X509Certificate served() {
    return served;
  }
}
