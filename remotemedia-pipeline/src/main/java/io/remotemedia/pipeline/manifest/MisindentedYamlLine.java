package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells a YAML line indented as no key or item around it is from other syntax errors: one
 * indented past the keys of its object after a value that is complete ({@code nodes: []} and then
 * {@code   x: 1}), or between the keys of an object and the '-' of the list that holds it; and a
 * list item ('- ') at the column of an object's keys, or a key at the column of a list's '-'.
 * snakeyaml says "expected &lt;block end&gt;, but found '&lt;block mapping start&gt;'" (or '-',
 * or '?'), in words of its grammar, at the line's first token; it names the object or list the
 * line is in as the context of the error.
 */
final class MisindentedYamlLine {
  private MisindentedYamlLine() {}

  /**
   * {@return the refusal of the line that {@code e} is about, at its first token}, or nothing
   * when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark found = e.getProblemMark();
    Mark block = e.getContextMark();
    if (!(e instanceof ParserException) || found == null || block == null
        || e.getProblem() == null
        || !e.getProblem().startsWith("expected <block end>, but found")
        || !startsItsLine(found)) {
      return Optional.empty();
    }
    if (block.getColumn() == found.getColumn()) {
      boolean item = PlacedRefusal.charAt(found) == '-';
      if (item == (PlacedRefusal.charAt(block) == '-')) {
        return Optional.empty();
      }
      return Optional.of(new PlacedRefusal(found, null, item
          ? "a list item ('- ') among the keys of an object: a list is the value of a key"
              + " ('key:' and then its '- ' lines)"
          : "a key among the items ('- ') of a list: an item that is an object starts"
              + " '- key: value', and its other keys are indented past the '-'"));
    }
    return Optional.of(new PlacedRefusal(found, null, "this line is indented as no key or item"
        + " around it is: indent it as the keys of its object, or the '-' of its list, are"));
  }

  /** {@return whether only spaces come before {@code mark} on its line} */
  private static boolean startsItsLine(Mark mark) {
    int[] buffer = mark.getBuffer();
    int lineStart = mark.getPointer() - mark.getColumn();
    if (buffer == null || lineStart < 0) {
      return false;
    }
    for (int i = lineStart; i < mark.getPointer(); i++) {
      if (buffer[i] != ' ') {
        return false;
      }
    }
    return true;
  }
}
