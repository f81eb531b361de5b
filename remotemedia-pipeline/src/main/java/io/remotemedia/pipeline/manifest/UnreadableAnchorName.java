package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.InvisibleCharacters;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a YAML anchor ({@code &name}) or alias ({@code *name}) whose name cannot be read from
 * other syntax errors. snakeyaml says of one only "unexpected character found" and the code of
 * the character, which for {@code x: & a} is a space that does not show; its scanner names the
 * '&' or '*' as the context of the error, which no other error of its starts with.
 */
final class UnreadableAnchorName {
  private UnreadableAnchorName() {}

  /**
   * {@return the refusal of the anchor or alias that {@code e} is about}: one with no name at
   * its '&' or '*', one whose name holds a character it cannot at that character; or nothing
   * when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark indicator = e.getContextMark();
    Mark found = e.getProblemMark();
    if (!(e instanceof ScannerException) || indicator == null || found == null) {
      return Optional.empty();
    }
    int marker = PlacedRefusal.charAt(indicator);
    if (marker != '&' && marker != '*') {
      return Optional.empty();
    }
    String what = marker == '&' ? "an anchor" : "an alias";
    String next = describe(PlacedRefusal.charAt(found));
    String sign = "'" + (char) marker + "'";
    if (found.getIndex() == indicator.getIndex() + 1) {
      return Optional.of(new PlacedRefusal(indicator, null, what + " (" + sign + ") with no"
          + " name: " + sign + " is followed by " + next + "; write the name right after it"
          + " (" + (char) marker + "name), or remove the " + sign));
    }
    return Optional.of(new PlacedRefusal(found, null, "the name of " + what + " (" + sign
        + ") holds " + next + ", which this YAML reader does not take in a name (none of"
        + " , [ ] { } / . * &); end the name before it"));
  }

  private static String describe(int c) {
    return switch (c) {
      case -1, 0 -> "the end of the document";
      case ' ' -> "a space";
      case '\t' -> "a tab";
      case '\n', '\r' -> "the end of the line";
      default -> InvisibleCharacters.isVisible(c) ? "'" + Character.toString(c) + "'"
          : String.format("U+%04X", c);
    };
  }
}
