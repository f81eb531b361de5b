package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a key or value written without quotes that starts with a character YAML keeps for
 * itself from other syntax errors: '@' and '`', which YAML reserves, and '%', which it keeps for
 * directives. snakeyaml says of one "found character '@' that cannot start any token. (Do not use
 * @ for indentation)", which is about indentation that is not there; and of a line that starts
 * with '%', which it reads as a directive, "expected alphabetic or numeric character, but found
 * :(58)" for {@code %x: 1}, after the '%'.
 */
final class ReservedYamlIndicator {
  private ReservedYamlIndicator() {}

  /**
   * {@return the refusal of the key or value that {@code e} is about, at its first character},
   * or nothing when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    if (e instanceof ScannerException && e.getContextMark() != null
        && "while scanning a directive".equals(e.getContext()) && e.getProblem() != null
        && e.getProblem().startsWith("expected alphabetic or numeric character")) {
      // '%x: 1' is a key, not a directive: a directive's name holds only letters and digits.
      return Optional.of(directive(e.getContextMark()));
    }
    Mark start = e.getProblemMark();
    if (!(e instanceof ScannerException) || start == null
        || !"while scanning for the next token".equals(e.getContext())) {
      return Optional.empty();
    }
    int c = PlacedRefusal.charAt(start);
    String why = switch (c) {
      case '@', '`' -> "which YAML reserves";
      case '%' -> "which YAML keeps for directives";
      default -> null;
    };
    if (why == null) {
      return Optional.empty();
    }
    String sign = Character.toString(c);
    return Optional.of(new PlacedRefusal(start, null, "a key or value written without quotes"
        + " starts with '" + sign + "', " + why + "; put it in quotes, as \"" + sign + "...\""
        + " or '" + sign + "...'"));
  }

  /**
   * {@return the refusal of a line that starts with '%', at {@code percent}}: YAML reads it as a
   * directive, which comes only before a document, however it goes on
   */
  static PlacedRefusal directive(Mark percent) {
    return new PlacedRefusal(percent, null, "a line that starts with '%' is read as a YAML"
        + " directive (such as %YAML 1.2), which comes only before a document's '---': put a key"
        + " or value that starts with '%' in quotes");
  }
}
