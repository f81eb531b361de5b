package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a YAML list item ('- ') written on the line of the key whose value it starts ({@code x:
 * - a}) from other syntax errors. snakeyaml says "sequence entries are not allowed here" at the
 * '-', with no context; the key's ':' is the last thing on the line before it.
 */
final class YamlItemOnItsKeyLine {
  private YamlItemOnItsKeyLine() {}

  /**
   * {@return the refusal of the item that {@code e} is about, at its '-'}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark dash = e.getProblemMark();
    if (!(e instanceof ScannerException) || dash == null || e.getContext() != null
        || !"sequence entries are not allowed here".equals(e.getProblem())
        || PlacedRefusal.charAt(dash) != '-' || !followsAColon(dash)) {
      return Optional.empty();
    }
    return Optional.of(new PlacedRefusal(dash, null, "a list item ('- ') on the line of its"
        + " key: a list in '- ' lines starts on the line after its key, or write it in brackets"
        + " on the key's line ([a, b])"));
  }

  /** {@return whether a ':' and then only spaces come before {@code mark} on its line} */
  private static boolean followsAColon(Mark mark) {
    int[] buffer = mark.getBuffer();
    int i = mark.getPointer() - 1;
    int lineStart = mark.getPointer() - mark.getColumn();
    if (buffer == null || lineStart < 0) {
      return false;
    }
    while (i >= lineStart && buffer[i] == ' ') {
      i--;
    }
    return i >= lineStart && buffer[i] == ':';
  }
}
