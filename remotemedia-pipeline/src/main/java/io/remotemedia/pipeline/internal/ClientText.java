package io.remotemedia.pipeline.internal;

/**
 * Shortens text a client wrote (a manifest's token, tag, alias or value) for an error that quotes
 * it, so that the error stays small however long the text is: past {@value #MAX_QUOTED_CHARS}
 * characters it keeps the start and says the whole length. Control characters are written as
 * Java's escapes are (a backslash, u and four hex digits): an error goes to logs and terminals,
 * where an escape sequence in a manifest could otherwise clear the screen or forge lines.
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
    return text.length() <= MAX_QUOTED_CHARS ? printable(text)
        : printable(text.substring(0, MAX_QUOTED_CHARS)) + "…(" + text.length()
            + " characters)";
  }

  /** {@return {@code text} with each control character written as a Java escape} */
  public static String printable(String text) {
    if (firstControl(text) < 0) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        escaped.append(String.format("\\u%04X", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** {@return the index of the first control character in {@code text}, or -1 if none} */
  public static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** {@return {@code text} {@linkplain #shortened shortened} and in single quotes} */
  public static String quoted(String text) {
    return "'" + shortened(text) + "'";
  }
}
