package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells a quoted string, list or object that is not closed from other syntax errors: one the
 * text ends inside, and a list or object that the other bracket closes ({@code [ ... }} or
 * {@code { ... ]}). snakeyaml says of the first only "found unexpected end of stream" or
 * "expected ',' or ']', but got &lt;stream end&gt;", at the end of the text, and of the second
 * "expected ',' or ']', but got }" or "expected the node content, but found '}'", at the wrong
 * bracket; either may be far from the quote or bracket left open, where this refuses it, saying
 * where the text ends or the wrong bracket is.
 */
final class UnclosedYamlValue {
  private UnclosedYamlValue() {}

  /**
   * {@return the refusal of the string, list or object left open that {@code e} is about, at its
   * opening quote or bracket}, or nothing when {@code e} is about something else
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
    if (e instanceof ParserException && innermostBracket != null
        && isOtherBracket(PlacedRefusal.charAt(found), PlacedRefusal.charAt(innermostBracket))) {
      return Optional.of(notClosed(innermostBracket, "'" + (char) PlacedRefusal.charAt(found)
          + "' (at line " + (found.getLine() + 1) + ", column " + (found.getColumn() + 1)
          + ") comes before"));
    }
    if (opening == null || !isEnd(found) || opened(PlacedRefusal.charAt(opening)) == null) {
      return Optional.empty();
    }
    return Optional.of(notClosed(opening, "the text ends (at line " + (found.getLine() + 1)
        + ", column " + (found.getColumn() + 1) + ") before"));
  }

  /** {@return the refusal of what {@code opening} opens, which {@code before} its closer} */
  private static PlacedRefusal notClosed(Mark opening, String before) {
    int c = PlacedRefusal.charAt(opening);
    String close = switch (c) {
      case '[' -> "']'";
      case '{' -> "'}'";
      default -> "its closing quote";
    };
    return new PlacedRefusal(opening, null, opened(c) + " here is not closed: " + before + " "
        + close);
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

  /** {@return whether {@code closer} is the closing bracket of the other kind than {@code open}} */
  private static boolean isOtherBracket(int closer, int open) {
    return open == '[' && closer == '}' || open == '{' && closer == ']';
  }

  /** {@return whether {@code mark} is at the end of the text} */
  private static boolean isEnd(Mark mark) {
    int c = PlacedRefusal.charAt(mark);
    return c == -1 || c == '\0';
  }
}
