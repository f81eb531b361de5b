package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import org.yaml.snakeyaml.error.Mark;

/**
 * A manifest refused at a place in its text, by the JSON reader or by a check on the events
 * before snakeyaml composes them; the manifest parser turns it into its error.
 */
final class PlacedRefusal extends RuntimeException {
  final transient Mark mark;
  /** The limit passed, or null when no limit refused it. */
  final LimitViolation violation;
  final String problem;

  PlacedRefusal(Mark mark, LimitViolation violation, String problem) {
    super(null, null, false, false);
    this.mark = mark;
    this.violation = violation;
    this.problem = problem;
  }

  /** {@return the character at {@code mark} in snakeyaml's text, or -1 past its end} */
  static int charAt(Mark mark) {
    int[] buffer = mark.getBuffer();
    return buffer == null || mark.getPointer() >= buffer.length ? -1
        : buffer[mark.getPointer()];
  }
}
