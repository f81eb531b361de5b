package io.remotemedia.pipeline.internal;

/**
 * Shortens text a client wrote (a manifest's token, tag, alias or value) for an error that quotes
 * it, so that the error stays small however long the text is: past {@value #MAX_QUOTED_CHARS}
 * characters it keeps the start and says the whole length.
 *
 * <pre>{@code
 * ClientText.quoted("*" + alias)  // '*xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(5001 characters)'
 * }</pre>
 */
public final class ClientText {
  /** The most characters of client text that an error quotes. */
  static final int MAX_QUOTED_CHARS = 32;

  private ClientText() {}

  /** {@return {@code text}, or its start and its length when it is longer than the limit} */
  public static String shortened(String text) {
    return text.length() <= MAX_QUOTED_CHARS ? text
        : text.substring(0, MAX_QUOTED_CHARS) + "…(" + text.length() + " characters)";
  }

  /** {@return {@code text} {@linkplain #shortened shortened} and in single quotes} */
  public static String quoted(String text) {
    return "'" + shortened(text) + "'";
  }
}
