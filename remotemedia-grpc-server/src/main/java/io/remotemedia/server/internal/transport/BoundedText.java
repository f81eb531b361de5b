package io.remotemedia.server.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens the text of an error before it goes into a status, so that client-supplied strings
 * echoed in it (a node type, a parameter name, an id) cannot make the status headers large: a
 * status must fit the client's header limit (8 KiB in grpc-java and grpc-js), or the client
 * sees a transport error instead of our answer.
 *
 * <p>Client strings are quoted in our messages ({@code unknown node type "Gian"}), so a quoted
 * run longer than {@value #MAX_ECHO_CHARS} characters is cut to that length and says how long
 * it was; so is any unquoted run of as many characters without a space (an id or a path).
 * Then the whole text is cut to {@value #MAX_TEXT_BYTES} bytes of UTF-8. The rules apply to
 * every message, wherever the pipeline built it, so no call site has to remember them. The
 * command line's {@code run}, {@code call} and {@code explain} print pipeline failures through
 * it too.
 */
public final class BoundedText {
  /** The longest client-supplied run kept, in characters. */
  static final int MAX_ECHO_CHARS = 200;
  /** The longest text kept, in bytes of UTF-8. */
  static final int MAX_TEXT_BYTES = 1024;

  // A quoted run with more than MAX_ECHO_CHARS characters, or a run of as many non-spaces.
  private static final Pattern LONG_RUN = Pattern.compile(
      "\"([^\"]{" + (MAX_ECHO_CHARS + 1) + ",})\"|(\\S{" + (MAX_ECHO_CHARS + 1) + ",})");

  private BoundedText() {}

  /**
   * {@return {@code text} with long runs shortened and the whole within the byte budget}
   *
   * @param text a message that may quote client-supplied strings
   */
  public static String of(String text) {
    return truncate(shortenRuns(text), MAX_TEXT_BYTES);
  }

  /** Returns {@code text} with long runs shortened; the whole may still be long. */
  static String shortenRuns(String text) {
    if (text.length() <= MAX_ECHO_CHARS) {
      return text;
    }
    Matcher run = LONG_RUN.matcher(text);
    StringBuilder shortened = new StringBuilder();
    while (run.find()) {
      String replacement = run.group(1) != null
          ? "\"" + head(run.group(1)) + "…\" (" + run.group(1).length() + " chars)"
          : head(run.group(2)) + "… (" + run.group(2).length() + " chars)";
      run.appendReplacement(shortened, Matcher.quoteReplacement(replacement));
    }
    run.appendTail(shortened);
    return shortened.toString();
  }

  /** Cuts {@code text} to at most {@code maxBytes} bytes of UTF-8, saying it was cut. */
  static String truncate(String text, int maxBytes) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= maxBytes) {
      return text;
    }
    String suffix = "… (" + utf8.length + " bytes, shortened)";
    int budget = maxBytes - suffix.getBytes(StandardCharsets.UTF_8).length;
    int end = 0;
    int bytes = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + suffix;
  }

  private static String head(String run) {
    int end = MAX_ECHO_CHARS;
    // Never split a surrogate pair.
    if (Character.isHighSurrogate(run.charAt(end - 1))) {
      end--;
    }
    return run.substring(0, end);
  }
}
