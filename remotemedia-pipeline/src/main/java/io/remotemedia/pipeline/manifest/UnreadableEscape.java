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
    if (problem.startsWith("found unknown escape character")) {
      return Optional.of(new PlacedRefusal(found, null,
          unknown(PlacedRefusal.charAt(found), YAML_ESCAPES)));
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
