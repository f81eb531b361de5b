package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells YAML text that belongs to no value in the document from other syntax errors: a closing
 * bracket where no list or object in brackets is open ({@code x: ]}, {@code x: [a]]}), and text
 * on a line after a value that ended before it ({@code x: "a" b}, {@code x: [a] b}). snakeyaml
 * says of them "expected the node content, but found ']'" or "expected &lt;block end&gt;, but
 * found '&lt;scalar&gt;'", names of its grammar. An alias written after an anchor ({@code
 * &a *b}, as a value or as a key) is refused as that: YAML gives an alias no anchor of its own.
 * Text after the document's one value is {@link TextOutsideTheDocument}'s.
 */
final class StrayYamlText {
  private StrayYamlText() {}

  /**
   * {@return the refusal of the text that {@code e} is about, at its start}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param lastEvent the last event the composer took, or null
   * @param beforeLast the event the composer took before {@code lastEvent}, or null
   * @param innermostBracket the opening '[' or '{' of the innermost list or object open where
   *     the error is, or null when none is open
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, Event lastEvent,
      Event beforeLast, Mark innermostBracket) {
    Mark found = e.getProblemMark();
    if (!(e instanceof ParserException) || found == null || e.getProblem() == null
        || e.getProblem().startsWith("expected '<document start>'")) {
      return Optional.empty();
    }
    int c = PlacedRefusal.charAt(found);
    if ((c == ']' || c == '}') && innermostBracket == null) {
      return Optional.of(new PlacedRefusal(found, null, "'" + (char) c + "' here closes no "
          + (c == ']' ? "list" : "object") + ": none in brackets is open; remove it"));
    }
    Optional<ScalarEvent> anchoredAlone = c == '*'
        ? anchoredAlone(lastEvent).or(() -> keyBefore(lastEvent, found, beforeLast))
        : Optional.empty();
    if (anchoredAlone.isPresent()) {
      ScalarEvent anchored = anchoredAlone.get();
      // snakeyaml made up an empty value for the anchor, and then found the alias.
      return Optional.of(new PlacedRefusal(found, null, "an alias cannot have an anchor ("
          + ClientText.quoted("&" + anchored.getAnchor()) + " before it): an alias (*name)"
          + " repeats the value anchored (&name) as it is; remove the anchor, or anchor the"
          + " value where it is written"));
    }
    if (endsAsWritten(lastEvent) && e.getProblem().startsWith("expected <block end>, but found")
        && lastEvent.getEndMark().getLine() == found.getLine()
        && lastEvent.getEndMark().getIndex() <= found.getIndex()) {
      return Optional.of(new PlacedRefusal(found, null, "text after the value that ends before"
          + " it on this line (a value in quotes or brackets ends at its closing quote or"
          + " bracket): remove the text, or put the whole value in quotes"));
    }
    return Optional.empty();
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

  /**
   * {@return whether {@code event} ends a value where its last character is written}: a scalar
   * or alias written in the text, or a list or object at its closing bracket; not a scalar the
   * parser makes up for an absent value, nor a YAML block, list, object or scalar ({@code |},
   * {@code >}), which ends where the next token starts
   */
  private static boolean endsAsWritten(Event event) {
    if (event instanceof ScalarEvent scalar && (scalar.isLiteral() || scalar.isFolded())) {
      return false;
    }
    if (event instanceof ScalarEvent || event instanceof AliasEvent) {
      return event.getStartMark().getIndex() < event.getEndMark().getIndex();
    }
    int c = event instanceof CollectionEndEvent ? PlacedRefusal.charAt(event.getStartMark()) : -1;
    return c == ']' || c == '}';
  }
}
