package io.remotemedia.server.tls;

import io.grpc.util.CertificateUtils;
import io.remotemedia.server.config.TlsConfig;
import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The server's certificate chain and key and the client CA bundle, read from PEM files and
 * checked before use: each file parses, the chain is not empty, and the key belongs to the leaf
 * certificate. Immutable.
 *
 * @param chain the server's certificate chain, leaf first
 * @param key the server's private key
 * @param clientCas the CAs client certificates must chain to; empty without mutual TLS
 */
public record TlsMaterial(X509Certificate[] chain, PrivateKey key,
    Optional<X509Certificate[]> clientCas) {

  /**
   * Reads the files {@code config} names.
   *
   * @param config the TLS section naming the files
   * @return the certificate chain, key and client CA bundle, checked
   * @throws TlsMaterialException naming the setting and file at fault
   */
  public static TlsMaterial load(TlsConfig config) throws TlsMaterialException {
    return load(config, "tls");
  }

  /**
   * Reads the files {@code config} names, naming them in errors as keys of {@code section}
   * (such as {@code metrics.tls} for {@code metrics.tls.cert_file}).
   *
   * @param config the TLS section naming the files
   * @param section the section's key prefix, named in errors
   * @return the certificate chain, key and client CA bundle, checked
   * @throws TlsMaterialException naming the setting and file at fault
   */
  public static TlsMaterial load(TlsConfig config, String section) throws TlsMaterialException {
    String certKey = section + ".cert_file";
    String keyKey = section + ".key_file";
    Path certFile = config.certFile().orElseThrow(() ->
        new TlsMaterialException(certKey, certKey + " is not set", null));
    Path keyFile = config.keyFile().orElseThrow(() ->
        new TlsMaterialException(keyKey, keyKey + " is not set", null));
    X509Certificate[] chain = certificates(certKey, certFile);
    PrivateKey key = privateKey(keyKey, keyFile);
    checkPair(chain[0], key, certKey, keyKey, certFile, keyFile);
    Optional<X509Certificate[]> clientCas = Optional.empty();
    if (config.clientAuth() != TlsConfig.ClientAuth.NONE && config.clientCaFile().isPresent()) {
      clientCas = Optional.of(certificates("tls.client_ca_file", config.clientCaFile().get()));
    }
    return new TlsMaterial(chain, key, clientCas);
  }

  private static X509Certificate[] certificates(String key, Path file)
      throws TlsMaterialException {
    byte[] pem = read(key, file);
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new TlsMaterialException(key, key + ": " + file
          + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
    }
    X509Certificate[] certificates;
    try (InputStream in = new ByteArrayInputStream(pem)) {
      certificates = CertificateUtils.getX509Certificates(in);
    } catch (CertificateException | IOException e) {
      throw new TlsMaterialException(key, key + ": " + file
          + " is not a PEM certificate file: " + e.getMessage(), e);
    }
    if (certificates.length == 0) {
      throw new TlsMaterialException(key, key + ": " + file
          + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
    }
    return certificates;
  }

  private static PrivateKey privateKey(String key, Path file) throws TlsMaterialException {
    byte[] pem = read(key, file);
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
      throw new TlsMaterialException(key, key + ": " + file
          + " holds no unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert one "
          + "with: openssl pkcs8 -topk8 -nocrypt -in old.key -out server.key", null);
    }
    try (InputStream in = new ByteArrayInputStream(pem)) {
      return CertificateUtils.getPrivateKey(in);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new TlsMaterialException(key, key + ": " + file
          + " is not a readable RSA or EC private key: " + e.getMessage(), e);
    }
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  private static void checkPair(X509Certificate leaf, PrivateKey key, String certKey,
      String keyKey, Path certFile, Path keyFile) throws TlsMaterialException {
    PublicKey publicKey = leaf.getPublicKey();
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return; // An unusual key type: the TLS handshake is the check.
    }
    byte[] probe = "remotemedia key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      matches = false;
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(keyKey, keyKey + ": cannot check " + keyFile
          + " against " + certFile + ": " + e.getMessage(), e);
    }
    if (!matches) {
      throw new TlsMaterialException(keyKey, keyKey + ": " + keyFile
          + " is not the key of the certificate in " + certKey + " " + certFile, null);
    }
  }

  private static byte[] read(String key, Path file) throws TlsMaterialException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsMaterialException(key, key + ": cannot read " + file + ": "
          + FileAccessFailure.reason(e), e);
    }
  }
}
