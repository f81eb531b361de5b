package io.remotemedia.pipeline.manifest;

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
 * found '&lt;scalar&gt;'", names of its grammar. Text after the document's one value is {@link
 * TextOutsideTheDocument}'s.
 */
final class StrayYamlText {
  private StrayYamlText() {}

  /**
   * {@return the refusal of the text that {@code e} is about, at its start}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param lastEvent the last event the composer took, or null
   * @param innermostBracket the opening '[' or '{' of the innermost list or object open where
   *     the error is, or null when none is open
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, Event lastEvent,
      Mark innermostBracket) {
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
    if (endsAsWritten(lastEvent) && e.getProblem().startsWith("expected <block end>, but found")
        && lastEvent.getEndMark().getLine() == found.getLine()
        && lastEvent.getEndMark().getIndex() <= found.getIndex()) {
      return Optional.of(new PlacedRefusal(found, null, "text after the value that ends before"
          + " it on this line (a value in quotes or brackets ends at its closing quote or"
          + " bracket): remove the text, or put the whole value in quotes"));
    }
    return Optional.empty();
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
