package io.remotemedia.server.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The user name and password a scraper must send to {@code /metrics} (HTTP basic
 * authentication). Only SHA-256 digests are kept, and a check compares digests in constant
 * time ({@link MessageDigest#isEqual}), so neither the password nor how much of it matched
 * shows in the answer's timing. {@link #toString()} never shows the password. Immutable.
 *
 * <pre>{@code
 * ScrapeCredentials credentials =
 *     ScrapeCredentials.read("prometheus", Path.of("/run/secrets/metrics-password"));
 * MetricsHttpServer.start("0.0.0.0", 9090, registry, MetricsAccess.basicAuth(credentials));
 * }</pre>
 */
public final class ScrapeCredentials {
  /** The realm named in the {@code WWW-Authenticate} challenge. */
  public static final String REALM = "remotemedia-metrics";

  private final String username;
  private final byte[] usernameDigest;
  private final byte[] passwordDigest;

  private ScrapeCredentials(String username, byte[] password) {
    this.username = username;
    this.usernameDigest = sha256(username.getBytes(StandardCharsets.UTF_8));
    this.passwordDigest = sha256(password);
  }

  /**
   * Credentials with {@code username} and the password in {@code passwordFile}: its first
   * line without trailing whitespace or line break (the form Kubernetes secrets take, and
   * what Prometheus sends from the same file as its {@code password_file}).
   *
   * @param username the name scrapers send
   * @param passwordFile the file whose first line is the password
   * @return the credentials; only their digests are kept
   * @throws IOException if the file cannot be read or holds no password; the message names the
   *     file, never its content
   */
  public static ScrapeCredentials read(String username, Path passwordFile) throws IOException {
    Objects.requireNonNull(username, "username");
    String text;
    try {
      text = Files.readString(passwordFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(passwordFile + ": " + FileAccessFailure.reason(e), e);
    }
    int end = text.indexOf('\n');
    String password = (end < 0 ? text : text.substring(0, end)).stripTrailing();
    if (password.isEmpty()) {
      throw new IOException(passwordFile + " holds no password on its first line");
    }
    return new ScrapeCredentials(username, password.getBytes(StandardCharsets.UTF_8));
  }

  /** {@return the user name scrapers must send} */
  public String username() {
    return username;
  }

  /**
   * {@return whether {@code user} and {@code password} are these credentials} Both digests are
   * always compared, in constant time.
   *
   * @param user the user name a request sent
   * @param password the password a request sent
   */
  public boolean matches(String user, String password) {
    boolean userMatches = MessageDigest.isEqual(usernameDigest,
        sha256(user.getBytes(StandardCharsets.UTF_8)));
    boolean passwordMatches = MessageDigest.isEqual(passwordDigest,
        sha256(password.getBytes(StandardCharsets.UTF_8)));
    return userMatches & passwordMatches;
  }

  /** Returns the authenticator the HTTP server checks requests with. */
  BasicAuthenticator authenticator() {
    return new BasicAuthenticator(REALM, StandardCharsets.UTF_8) {
      @Override
      public boolean checkCredentials(String user, String password) {
        return matches(user, password);
      }
    };
  }

  @Override
  public String toString() {
    return "ScrapeCredentials[username=" + username + ", password=(redacted)]";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
