package io.remotemedia.pipeline.internal;

import java.util.OptionalInt;

/**
 * Tells the characters that do not show where an error quotes text: controls, formatting
 * characters such as a zero-width space or a byte order mark, spaces other than U+0020, line and
 * paragraph separators, half of a surrogate pair, and unassigned and private-use code points. A
 * key, node type or parameter name that holds one looks like the one it is not, so an error that
 * quotes it names it.
 */
public final class InvisibleCharacters {
  private InvisibleCharacters() {}

  /** {@return whether {@code codePoint} shows as itself when an error quotes it} */
  public static boolean isVisible(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
          Character.UNASSIGNED, Character.PRIVATE_USE -> false;
      default -> true;
    };
  }

  /**
   * {@return {@code " (it holds U+200B, which does not show)"} for the first character of
   * {@code text} that does not show, other than a plain space; an empty string when all do}
   */
  public static String note(String text) {
    OptionalInt hidden = text.codePoints().filter(c -> c != ' ' && !isVisible(c)).findFirst();
    return hidden.isEmpty() ? ""
        : String.format(" (it holds U+%04X, which does not show)", hidden.getAsInt());
  }
}
