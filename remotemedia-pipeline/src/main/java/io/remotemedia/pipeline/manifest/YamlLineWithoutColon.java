package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a line of a YAML object or list that is neither {@code key: value} nor {@code - item}
 * from other syntax errors: a key whose ':' is missing, or has no space after it ({@code x:a}).
 * snakeyaml says "could not find expected ':'" at the start of the next line, or where the text
 * ends, which is past the line to fix; it names that line's start as the context of the error.
 */
final class YamlLineWithoutColon {
  private YamlLineWithoutColon() {}

  /**
   * {@return the refusal of the line that {@code e} is about, at its start}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e) {
    Mark start = e.getContextMark();
    if (!(e instanceof ScannerException) || start == null
        || !"while scanning a simple key".equals(e.getContext())
        || !"could not find expected ':'".equals(e.getProblem())) {
      return Optional.empty();
    }
    return Optional.of(new PlacedRefusal(start, null, "this line is neither 'key: value' nor"
        + " '- item', and is not indented past the line before it to continue that line's"
        + " value: write the key's ':' with a space after it ('a:b' is text, not a key)"));
  }
}
