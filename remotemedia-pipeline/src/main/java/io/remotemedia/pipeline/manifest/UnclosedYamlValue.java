package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Tells a quoted string, list or object that the text ends inside from other syntax errors.
 * snakeyaml says of one only "found unexpected end of stream" or "expected ',' or ']', but got
 * &lt;stream end&gt;", at the end of the text, which may be far from the quote or bracket left
 * open; it names that quote or bracket as the context of the error, where this refuses it.
 */
final class UnclosedYamlValue {
  private UnclosedYamlValue() {}

  /**
   * {@return the refusal of the string, list or object left open that {@code e} is about, at its
   * opening quote or bracket}, or nothing when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark opening = e.getContextMark();
    Mark end = e.getProblemMark();
    if (opening == null || end == null || !isEnd(end)) {
      return Optional.empty();
    }
    String open = switch (PlacedRefusal.charAt(opening)) {
      case '"' -> "a string opened by '\"'";
      case '\'' -> "a string opened by \"'\"";
      case '[' -> "a list opened by '['";
      case '{' -> "an object opened by '{'";
      default -> null;
    };
    if (open == null) {
      return Optional.empty();
    }
    String close = switch (PlacedRefusal.charAt(opening)) {
      case '[' -> "']'";
      case '{' -> "'}'";
      default -> "its closing quote";
    };
    return Optional.of(new PlacedRefusal(opening, null, open + " here is not closed: the text"
        + " ends (at line " + (end.getLine() + 1) + ", column " + (end.getColumn() + 1)
        + ") before " + close));
  }

  /** {@return whether {@code mark} is at the end of the text} */
  private static boolean isEnd(Mark mark) {
    int c = PlacedRefusal.charAt(mark);
    return c == -1 || c == '\0';
  }

}
