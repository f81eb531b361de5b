package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells an anchor written on an alias ({@code &a *b}, as a value or as a key) from other syntax
 * errors: YAML gives an alias no anchor of its own. snakeyaml reads the anchor as that of an
 * empty value, and then says "expected &lt;block end&gt;, but found '&lt;alias&gt;'" (or
 * "expected ',' or ']', but got &lt;alias&gt;" in brackets) at the '*'; the last event it gave
 * is that empty value, anchored, or, for a key, the empty value it made up for the key at the
 * alias, after the anchored one.
 */
final class AnchoredYamlAlias {
  private AnchoredYamlAlias() {}

  /**
   * {@return the refusal of the alias that {@code e} is about, at its '*'}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param lastEvent the last event the composer took, or null
   * @param beforeLast the event the composer took before {@code lastEvent}, or null
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, Event lastEvent,
      Event beforeLast) {
    Mark found = e.getProblemMark();
    if (!(e instanceof ParserException) || found == null || PlacedRefusal.charAt(found) != '*') {
      return Optional.empty();
    }
    return anchoredAlone(lastEvent).or(() -> keyBefore(lastEvent, found, beforeLast))
        .map(anchored -> new PlacedRefusal(found, null, "an alias cannot have an anchor ("
            + ClientText.quoted("&" + anchored.getAnchor()) + " before it): an alias (*name)"
            + " repeats the value anchored (&name) as it is; remove the anchor, or anchor the"
            + " value where it is written"));
  }

  /** {@return {@code event} if it is an empty value made up for an anchor written alone} */
  private static Optional<ScalarEvent> anchoredAlone(Event event) {
    return event instanceof ScalarEvent scalar && scalar.getAnchor() != null && scalar.isPlain()
        && scalar.getValue().isEmpty() ? Optional.of(scalar) : Optional.empty();
  }

  /**
   * {@return the key anchored alone before the alias at {@code found}}, if {@code lastEvent} is
   * the empty value made up for that key ({@code ? &a *b}, {@code {&a *b: 1}}): snakeyaml
   * makes one up at the alias, where it finds no ':', and then refuses the alias
   */
  private static Optional<ScalarEvent> keyBefore(Event lastEvent, Mark found, Event beforeLast) {
    return lastEvent instanceof ScalarEvent value && value.getAnchor() == null
        && value.isPlain() && value.getValue().isEmpty()
        && value.getStartMark().getIndex() == found.getIndex()
        && value.getEndMark().getIndex() == found.getIndex()
        ? anchoredAlone(beforeLast) : Optional.empty();
  }
}
