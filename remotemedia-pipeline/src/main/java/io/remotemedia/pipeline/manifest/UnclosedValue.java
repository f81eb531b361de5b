package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Refuses a quoted string, list or object that is not closed at its opening quote or bracket,
 * which is what to fix, saying where the text ends inside it or where the other bracket closes
 * it ({@code [ ... }} or {@code { ... ]}). Of YAML text, snakeyaml says only "found unexpected
 * end of stream" or "expected ',' or ']', but got &lt;stream end&gt;", at the end of the text,
 * or "expected ',' or ']', but got }" or "expected the node content, but found '}'", at the
 * other bracket; this tells those from other syntax errors. It says "expected ',' or ']', but
 * got :" at the ':' of the next key when the lines after a list or object not closed on its
 * line are read into it, and "found unexpected document separator" at a line that starts with
 * '---' or '...' inside a quoted string. The JSON reader refuses a list or object so in the same
 * words.
 */
final class UnclosedValue {
  private UnclosedValue() {}

  /**
   * {@return the refusal of the YAML string, list or object left open that {@code e} is about,
   * at its opening quote or bracket}, or nothing when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param innermostBracket the opening '[' or '{' of the innermost list or object open where
   *     the error is, or null when none is open
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, Mark innermostBracket) {
    Mark opening = e.getContextMark();
    Mark found = e.getProblemMark();
    if (found == null) {
      return Optional.empty();
    }
    int closer = PlacedRefusal.charAt(found);
    if (e instanceof ParserException && innermostBracket != null
        && closer == otherBracket(PlacedRefusal.charAt(innermostBracket))) {
      return Optional.of(
          closedByTheOther(PlacedRefusal.charAt(innermostBracket), innermostBracket, found));
    }
    if (opening == null || opened(PlacedRefusal.charAt(opening)) == null) {
      return Optional.empty();
    }
    int opener = PlacedRefusal.charAt(opening);
    if (e instanceof ScannerException && "found unexpected document separator".equals(
        e.getProblem()) && (opener == '"' || opener == '\'')) {
      boolean start = PlacedRefusal.charAt(found) == '-';
      return Optional.of(notClosed(opener, opening, "'" + (start ? "---" : "...") + "' at the"
          + " start of a line (at " + place(found) + "), which " + (start ? "starts" : "ends")
          + " a YAML document, comes before"));
    }
    if (e instanceof ParserException && closer == ':' && found.getLine() > opening.getLine()
        && e.getProblem() != null && e.getProblem().startsWith("expected ',' or '")
        && indentation(found) >= 0 && indentation(found) <= indentation(opening)
        && !closedOnItsLine(opener, found)) {
      // A ':' on a later line, indented no further than the bracket's line and with no bracket
      // that closes it after it there: the next key, not a comma left out.
      return Optional.of(notClosed(opener, opening, "a key's ':' (at " + place(found)
          + ") comes before"));
    }
    if (!isEnd(found)) {
      return Optional.empty();
    }
    return Optional.of(textEnds(opener, opening, found));
  }

  /** {@return whether the bracket that closes what {@code opener} opens is on the line after} */
  private static boolean closedOnItsLine(int opener, Mark found) {
    int[] buffer = found.getBuffer();
    int close = opener == '[' ? ']' : '}';
    for (int i = found.getPointer(); i < buffer.length && buffer[i] != '\n' && buffer[i] != '\r'
        && buffer[i] != 0; i++) {
      if (buffer[i] == close) {
        return true;
      }
    }
    return false;
  }

  /** {@return the spaces that start the line of {@code mark}, or -1 when its text is gone} */
  private static int indentation(Mark mark) {
    int[] buffer = mark.getBuffer();
    int lineStart = mark.getPointer() - mark.getColumn();
    if (buffer == null || lineStart < 0) {
      return -1;
    }
    int spaces = 0;
    while (lineStart + spaces < mark.getPointer() && buffer[lineStart + spaces] == ' ') {
      spaces++;
    }
    return spaces;
  }

  /**
   * {@return the refusal of what {@code opener} opens at {@code opening}, which the text ends
   * inside, at {@code end}}
   */
  static PlacedRefusal textEnds(int opener, Mark opening, Mark end) {
    return notClosed(opener, opening, "the text ends (at " + place(end) + ") before");
  }

  /**
   * {@return the refusal of the list or object that {@code opener} opens at {@code opening},
   * which the other bracket closes, at {@code found}}
   */
  static PlacedRefusal closedByTheOther(int opener, Mark opening, Mark found) {
    return notClosed(opener, opening, "'" + (char) otherBracket(opener) + "' (at "
        + place(found) + ") comes before");
  }

  /** {@return the bracket that closes what the other kind of {@code opener} opens, or -2} */
  static int otherBracket(int opener) {
    return switch (opener) {
      case '[' -> '}';
      case '{' -> ']';
      default -> -2;
    };
  }

  private static PlacedRefusal notClosed(int opener, Mark opening, String before) {
    String close = switch (opener) {
      case '[' -> "']'";
      case '{' -> "'}'";
      default -> "its closing quote";
    };
    return new PlacedRefusal(opening, null, opened(opener) + " here is not closed: " + before
        + " " + close);
  }

  /** {@return what the quote or bracket {@code c} opens, or null when it opens nothing} */
  private static String opened(int c) {
    return switch (c) {
      case '"' -> "a string opened by '\"'";
      case '\'' -> "a string opened by \"'\"";
      case '[' -> "a list opened by '['";
      case '{' -> "an object opened by '{'";
      default -> null;
    };
  }

  private static String place(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /** {@return whether {@code mark} is at the end of the text} */
  private static boolean isEnd(Mark mark) {
    int c = PlacedRefusal.charAt(mark);
    return c == -1 || c == '\0';
  }
}
