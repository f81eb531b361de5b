package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * Tells a YAML key too long to be read from other syntax errors. YAML reads a key written
 * without '?' only if it ends, with the spaces after it, within 1024 characters of its start, on
 * its line; snakeyaml then says of a longer one only "could not find expected ':'", "mapping
 * values are not allowed here" or "expected ',' or '}', but got :", at the ':' that ends it.
 * Such an error at a ':' is the key's when a key or a scalar starts more than 1024 characters
 * before it on the same line: snakeyaml's scanner names the key's start as its context, and
 * elsewhere the key is the last scalar the parser gave.
 */
final class OverlongYamlKey {
  /** The most characters from a YAML key's start to its ':' that YAML reads. */
  static final int MAX_KEY_CHARS = 1024;

  private OverlongYamlKey() {}

  /**
   * {@return the refusal of the key too long that {@code e} is about, at the key's start}, or
   * nothing when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param lastScalar the last scalar written in the text that the parser gave, or null
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, ScalarEvent lastScalar) {
    Mark colon = e.getProblemMark();
    if (colon == null || !isColon(colon)) {
      return Optional.empty();
    }
    Mark start = null;
    if (e instanceof ScannerException && isOnTheLineBefore(e.getContextMark(), colon)) {
      start = e.getContextMark();
    } else if (lastScalar != null && isOnTheLineBefore(lastScalar.getStartMark(), colon)
        && lastScalar.getEndMark().getIndex() <= colon.getIndex()) {
      start = lastScalar.getStartMark();
    }
    int length = start == null ? 0 : colon.getIndex() - start.getIndex();
    if (length <= MAX_KEY_CHARS) {
      return Optional.empty();
    }
    return Optional.of(new PlacedRefusal(start,
        new LimitViolation("max_yaml_key_chars", MAX_KEY_CHARS, length),
        "a key of " + length + " characters, counted from its start to its ':', more than"
            + " the " + MAX_KEY_CHARS + " that YAML reads in a key; write a longer one after '? '"
            + " (an explicit key, with ': value' on the next line), or hold the manifest to JSON,"
            + " which has no such limit (name the file .json, or call parseJson)"));
  }

  private static boolean isColon(Mark mark) {
    int[] buffer = mark.getBuffer();
    return buffer != null && mark.getPointer() < buffer.length
        && buffer[mark.getPointer()] == ':';
  }

  private static boolean isOnTheLineBefore(Mark mark, Mark colon) {
    return mark != null && mark.getLine() == colon.getLine()
        && mark.getIndex() < colon.getIndex();
  }
}
