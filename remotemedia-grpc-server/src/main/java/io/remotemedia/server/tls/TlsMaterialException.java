package io.remotemedia.server.tls;

/** A certificate, key or CA file cannot be used; the message names the setting and file. */
public final class TlsMaterialException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The configuration key at fault; see {@link #key()}. */
  private final String key;

  TlsMaterialException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * {@return the message without the leading {@code key: }, for a problem reported under the
   * key}
   */
  public String detail() {
    String message = getMessage();
    return message.startsWith(key + ": ") ? message.substring(key.length() + 2) : message;
  }

  /** {@return the configuration key of the bad file, such as {@code tls.cert_file}} */
  public String key() {
    return key;
  }
}
