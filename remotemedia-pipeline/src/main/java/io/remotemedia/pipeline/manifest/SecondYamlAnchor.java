package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells a second anchor on one YAML value or key ({@code &a &b x}) from other syntax errors.
 * snakeyaml reads the first anchor as that of an empty value, and then says "expected &lt;block
 * end&gt;, but found '&lt;anchor&gt;'" (or "expected ',' or ']', but got &lt;anchor&gt;" in
 * brackets) at the second '&' ({@link AnchoredYamlKey} tells the events it gave before).
 */
final class SecondYamlAnchor {
  private SecondYamlAnchor() {}

  /**
   * {@return the refusal of the second anchor that {@code e} is about, at its '&'}, or nothing
   * when {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param recent the last events the composer took, the last first
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, List<Event> recent) {
    Mark found = e.getProblemMark();
    if (!(e instanceof ParserException) || found == null || PlacedRefusal.charAt(found) != '&') {
      return Optional.empty();
    }
    return AnchoredYamlKey.before(found, recent).map(first -> {
      Mark anchor = first.getStartMark();
      return new PlacedRefusal(found, null, "a second anchor on the value anchored "
          + ClientText.quoted("&" + first.getAnchor()) + " (at line " + (anchor.getLine() + 1)
          + ", column " + (anchor.getColumn() + 1) + "); a value takes one anchor: remove one"
          + " of them");
    });
  }
}
