package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a ':' and space where no YAML key can start from other syntax errors: after a value on
 * the line of its key ({@code x: a: b}), or on a line indented past the key before it, which
 * YAML reads as going on with that key's value. snakeyaml says "mapping values are not allowed
 * here", in words of its grammar, which the writer of a key indented one space too far, say,
 * does not know to read as this.
 */
final class MisplacedYamlColon {
  private MisplacedYamlColon() {}

  /**
   * {@return the refusal of the ':' that {@code e} is about, at it}, or nothing when {@code e}
   * is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    if (!(e instanceof ScannerException) || e.getProblemMark() == null
        || !"mapping values are not allowed here".equals(e.getProblem())) {
      return Optional.empty();
    }
    return Optional.of(new PlacedRefusal(e.getProblemMark(), null, "a ': ' where no key can"
        + " start: a key starts a line of its own, indented as the keys around it, and a value"
        + " that holds ': ' is put in quotes"));
  }
}
