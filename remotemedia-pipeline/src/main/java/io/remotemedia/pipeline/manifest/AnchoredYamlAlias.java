package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells an anchor written on an alias ({@code &a *b}, as a value or as a key) from other syntax
 * errors: YAML gives an alias no anchor of its own. snakeyaml reads the anchor as that of an
 * empty value, and then says "expected &lt;block end&gt;, but found '&lt;alias&gt;'" (or
 * "expected ',' or ']', but got &lt;alias&gt;" in brackets) at the '*' ({@link
 * AnchoredYamlKey} tells the events it gave before).
 */
final class AnchoredYamlAlias {
  private AnchoredYamlAlias() {}

  /**
   * {@return the refusal of the alias that {@code e} is about, at its '*'}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param recent the last events the composer took, the last first
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, List<Event> recent) {
    Mark found = e.getProblemMark();
    if (!(e instanceof ParserException) || found == null || PlacedRefusal.charAt(found) != '*') {
      return Optional.empty();
    }
    return AnchoredYamlKey.before(found, recent)
        .map(anchored -> new PlacedRefusal(found, null, "an alias cannot have an anchor ("
            + ClientText.quoted("&" + anchored.getAnchor()) + " before it): an alias (*name)"
            + " repeats the value anchored (&name) as it is; remove the anchor, or anchor the"
            + " value where it is written"));
  }
}
