package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.InvisibleCharacters;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Words an escape in a double-quoted string that cannot be read, for the JSON reader and for
 * YAML, which each read their own escapes: an unknown one ({@code \q}), or too few hex digits
 * after \x, &#92;u or \U. Of YAML text snakeyaml says "found unknown escape
 * character q(113)" at the character after the '\', or "expected escape sequence of 4
 * hexadecimal numbers, but found: 12"" at the first digit; this tells those from other syntax
 * errors, and places the second at the first character that is no hex digit, as the JSON reader
 * does.
 */
final class UnreadableEscape {
  /** YAML's escapes as snakeyaml reads them (YAML 1.1: not {@code \/} nor '\' and a tab). */
  private static final String YAML_ESCAPES = "YAML's are \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\""
      + " \\\\ \\N \\_ \\L \\P, \\ and a space, \\xXX, \\uXXXX and \\UXXXXXXXX";

  private static final String HEX_PROBLEM = "expected escape sequence of ";
  private static final String UNKNOWN_PROBLEM = "found unknown escape character ";
  /** The letters of YAML's hex escapes: 2, 4 and 8 digits. */
  private static final String HEX_ESCAPES = "xuU";

  private UnreadableEscape() {}

  /**
   * {@return the problem of the escape '\' and {@code c}, which the dialect does not read}
   *
   * @param c the character after the '\'
   * @param escapes the escapes the dialect reads, as "JSON's are ..."
   */
  static String unknown(int c, String escapes) {
    return "unknown escape \\" + (InvisibleCharacters.isVisible(c) ? Character.toString(c)
        : String.format(" followed by U+%04X", c)) + " in a string; " + escapes;
  }

  /**
   * {@return the problem of an escape with fewer hex digits than it takes}
   *
   * @param count how many hex digits the escape takes
   * @param letter the escape's letter: x, u or U
   * @param found the character where a digit is missing, described
   */
  static String tooFewDigits(int count, int letter, String found) {
    return "expected " + count + " hex digits after \\" + (char) letter + ", found " + found;
  }

  /**
   * {@return the refusal of the YAML escape that {@code e} is about}, or nothing when {@code e}
   * is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark found = e.getProblemMark();
    String problem = e.getProblem();
    if (!(e instanceof ScannerException) || found == null || problem == null
        || !"while scanning a double-quoted scalar".equals(e.getContext())) {
      return Optional.empty();
    }
    if (problem.startsWith(UNKNOWN_PROBLEM)) {
      // snakeyaml says the same of \U and 8 digits past the last character, which it names.
      String named = problem.substring(UNKNOWN_PROBLEM.length());
      return Optional.of(new PlacedRefusal(found, null, isHex(named, 8) ? pastUnicode(named)
          : unknown(PlacedRefusal.charAt(found), YAML_ESCAPES)));
    }
    int[] buffer = found.getBuffer();
    int of = problem.indexOf(" hexadecimal numbers");
    if (!problem.startsWith(HEX_PROBLEM) || of < 0 || buffer == null || found.getPointer() < 1) {
      return Optional.empty();
    }
    int count = Integer.parseInt(problem.substring(HEX_PROBLEM.length(), of));
    int digits = 0;
    while (digits < count && found.getPointer() + digits < buffer.length
        && Character.digit(buffer[found.getPointer() + digits], 16) >= 0) {
      digits++;
    }
    Mark missing = new Mark(found.getName(), found.getIndex() + digits, found.getLine(),
        found.getColumn() + digits, buffer, found.getPointer() + digits);
    return Optional.of(new PlacedRefusal(missing, null,
        tooFewDigits(count, buffer[found.getPointer() - 1], described(missing))));
  }

  /**
   * {@return the refusal of the YAML hex escape that snakeyaml failed to read as a number}, or
   * nothing when it is not one of the two it fails on: an escape that the end of the document
   * cuts off (its digits read as an empty number), and \U with 8 digits past 7FFFFFFF (read
   * into an int). snakeyaml throws {@link NumberFormatException} for both, not a syntax error.
   *
   * @param text the document as read so far: to its end, when the escape is cut off
   * @param at where snakeyaml's reader stands: after the escape's letter
   */
  static Optional<PlacedRefusal> unreadNumber(PositionedReader text, Mark at) {
    for (char letter : HEX_ESCAPES.toCharArray()) {
      if (text.endsWith('\\', letter)) {
        int digits = letter == 'x' ? 2 : letter == 'u' ? 4 : 8;
        return Optional.of(new PlacedRefusal(at, null,
            tooFewDigits(digits, letter, "the end of the document")));
      }
    }
    // The reader holds the digits it was asked for from where it stands.
    int[] buffer = at.getBuffer();
    int from = at.getPointer();
    if (buffer == null || from < 0 || from + 8 > buffer.length) {
      return Optional.empty();
    }
    String digits = new String(buffer, from, 8);
    return isHex(digits, 8) ? Optional.of(new PlacedRefusal(at, null, pastUnicode(digits)))
        : Optional.empty();
  }

  /** {@return the problem of \U and {@code digits}, past the last Unicode character} */
  private static String pastUnicode(String digits) {
    return "\\U" + digits + " is past the last Unicode character, \\U0010FFFF";
  }

  /** {@return whether {@code text} is {@code count} hex digits} */
  private static boolean isHex(String text, int count) {
    return text.length() == count
        && text.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0);
  }

  /** {@return the character at {@code mark}, quoted, or named when it does not show} */
  private static String described(Mark mark) {
    int c = PlacedRefusal.charAt(mark);
    if (c <= 0) {
      return "the end of the document";
    }
    return InvisibleCharacters.isVisible(c) ? "'" + Character.toString(c) + "'"
        : String.format("U+%04X", c);
  }
}
