package io.remotemedia.pipeline.manifest;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Finds the value written with nothing but an anchor before a token that snakeyaml refused
 * after it ({@code x: &a *b}, {@code &a &b x}), and the key so written ({@code {&a *b: 1}},
 * {@code ? &a &b x}, {@code [? &a *b : 1]}). snakeyaml reads the anchor as that of an empty
 * value; for a key it then makes up an empty value at the refused token, where it finds no
 * ':', and in a list in brackets it also closes the one-pair object there, before it refuses
 * the token.
 */
final class AnchoredYamlKey {
  private AnchoredYamlKey() {}

  /**
   * {@return the empty value or key anchored alone before the token at {@code found}}, if the
   * events the composer took last are those described above
   *
   * @param recent the last events the composer took, the last first
   */
  static Optional<ScalarEvent> before(Mark found, List<Event> recent) {
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    Optional<ScalarEvent> value = anchoredAlone(recent.get(0));
    if (value.isPresent()) {
      return value;
    }
    int made = recent.get(0) instanceof MappingEndEvent end
        && end.getStartMark().getIndex() == found.getIndex() ? 1 : 0;
    return made + 1 < recent.size() && isMadeUpAt(recent.get(made), found)
        ? anchoredAlone(recent.get(made + 1)) : Optional.empty();
  }

  /** {@return {@code event} if it is an empty value made up for an anchor written alone} */
  private static Optional<ScalarEvent> anchoredAlone(Event event) {
    return event instanceof ScalarEvent scalar && scalar.getAnchor() != null && scalar.isPlain()
        && scalar.getValue().isEmpty()
        && PlacedRefusal.charAt(scalar.getStartMark()) == '&'
        ? Optional.of(scalar) : Optional.empty();
  }

  /** {@return whether {@code event} is the empty value snakeyaml made up at {@code found}} */
  private static boolean isMadeUpAt(Event event, Mark found) {
    return event instanceof ScalarEvent value && value.getAnchor() == null && value.isPlain()
        && value.getValue().isEmpty()
        && value.getStartMark().getIndex() == found.getIndex()
        && value.getEndMark().getIndex() == found.getIndex();
  }
}
