package io.remotemedia.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The accepted tokens, as SHA-256 digests with the name of the client each belongs to.
 * Immutable and thread-safe; a reload builds a new set and swaps it in whole.
 */
public final class TokenSet {
  /** The longest client name, in characters. */
  static final int MAX_CLIENT_NAME_CHARS = 64;
  /** What a client name may look like: it becomes a log field and a metric label. */
  public static final Pattern CLIENT_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_CLIENT_NAME_CHARS - 1) + "}");
  /** A set that accepts nothing. */
  public static final TokenSet EMPTY = new TokenSet(Map.of());

  private final Map<String, byte[]> digestsByName;

  private TokenSet(Map<String, byte[]> digestsByName) {
    this.digestsByName = digestsByName;
  }

  /**
   * {@return a set of named digests}
   *
   * @param digestsByName the SHA-256 digest of each client's token, by client name; copied
   * @throws IllegalArgumentException for a bad name or a digest that is not 32 bytes
   */
  public static TokenSet of(Map<String, byte[]> digestsByName) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    digestsByName.forEach((name, digest) -> {
      if (!CLIENT_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("bad client name \"" + name + "\"");
      }
      if (digest.length != 32) {
        throw new IllegalArgumentException("the digest of \"" + name + "\" is not 32 bytes");
      }
      copy.put(name, digest.clone());
    });
    return new TokenSet(copy);
  }

  /**
   * {@return the SHA-256 of a token's UTF-8 bytes}
   *
   * @param token the token as the client sends it
   */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * {@return {@code name:hex-sha256}, the tokens-file line for a token}
   *
   * @param name the client name
   * @param token the token as the client will send it
   */
  public static String hashLine(String name, String token) {
    return name + ":" + HexFormat.of().formatHex(sha256(token));
  }

  /**
   * {@return the name of the client {@code token} belongs to} The presented token is hashed and
   * compared with every digest in constant time ({@link MessageDigest#isEqual}); the loop does
   * not stop at a match, so timing reveals neither the token nor which entry matched.
   *
   * @param token the token the call presented
   */
  public Optional<String> authenticate(String token) {
    byte[] presented = sha256(token);
    String match = null;
    for (Map.Entry<String, byte[]> entry : digestsByName.entrySet()) {
      if (MessageDigest.isEqual(entry.getValue(), presented)) {
        match = entry.getKey();
      }
    }
    return Optional.ofNullable(match);
  }

  /** {@return the client names, in file order (no hashes: safe to log)} */
  public List<String> clientNames() {
    return List.copyOf(digestsByName.keySet());
  }

  /** {@return whether no token is accepted: every call is refused} */
  public boolean isEmpty() {
    return digestsByName.isEmpty();
  }

  /** {@return how many tokens are accepted} */
  public int size() {
    return digestsByName.size();
  }
}
