package io.remotemedia.pipeline.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.parser.ParserException;

/**
 * Tells YAML text that comes where no document may, and a document's end or start marker where
 * its value is not complete, from other syntax errors. snakeyaml says of the text only
 * "expected '&lt;document start&gt;', but found" and a token's name, which for text after the
 * end marker, after the one value of a document in brackets, after a directive ({@code %YAML
 * 1.2}) with no {@code ---}, or after a line in the document that starts with '%', which YAML
 * reads as a directive that ends the document, names a YAML notion the writer did not use, after
 * the line to fix; the event the composer took last tells them apart: the document's end, or
 * the start of the text. Of an end or start marker ({@code ---}) where a value is expected it
 * says "expected the node content, but found '&lt;document end&gt;'" or "'&lt;document
 * start&gt;'".
 */
final class TextOutsideTheDocument {
  private TextOutsideTheDocument() {}

  /**
   * {@return the refusal of the text that {@code e} is about, at its start}, or nothing when
   * {@code e} is about something else
   *
   * @param e snakeyaml's syntax error
   * @param lastEvent the last event the composer took, or null
   */
  static Optional<PlacedRefusal> refusal(MarkedYAMLException e, Event lastEvent) {
    Mark found = e.getProblemMark();
    if (!(e instanceof ParserException) || found == null || e.getProblem() == null) {
      return Optional.empty();
    }
    String separator = e.getProblem().endsWith("but found '<document end>'") ? "..."
        : e.getProblem().endsWith("but found '<document start>'") ? "---" : null;
    if (separator != null) {
      return Optional.of(new PlacedRefusal(found, null, "'" + separator + "' at the start of a"
          + " line" + (separator.equals("...") ? " ends" : " starts") + " a YAML document, and"
          + " here it comes where a value is expected: remove it (put a value that starts with"
          + " '" + separator + "' in quotes)"));
    }
    if (!e.getProblem().startsWith("expected '<document start>'")) {
      return Optional.empty();
    }
    if (lastEvent instanceof DocumentEndEvent end && end.getExplicit()) {
      Mark marker = end.getStartMark();
      return Optional.of(new PlacedRefusal(found, null, "text after the document end marker"
          + " '...' (at line " + (marker.getLine() + 1) + ", column " + (marker.getColumn() + 1)
          + "); a manifest is one document, which '...' ends: remove the text after it, or the"
          + " '...'"));
    }
    if (lastEvent instanceof DocumentEndEvent end) {
      // A directive ends a document without '...' where it starts, with the composer none wiser.
      Mark next = end.getStartMark();
      return Optional.of(PlacedRefusal.charAt(next) == '%' ? ReservedYamlIndicator.directive(next)
          : afterTheValue(found));
    }
    if (lastEvent instanceof StreamStartEvent) {
      return Optional.of(new PlacedRefusal(found, null, "a YAML directive (a line that starts"
          + " with '%') is not followed by '---' before the document; write '---' on a line"
          + " before this one, or remove the directive"));
    }
    return Optional.empty();
  }

  /**
   * {@return the refusal of text after the manifest's one value, at {@code found}}, in YAML
   * after a value in brackets or quotes, which ends the document, and in JSON after any value
   */
  static PlacedRefusal afterTheValue(Mark found) {
    return new PlacedRefusal(found, null, "text after the end of the manifest's value, which"
        + " ends before it; a manifest is one value, an object: remove this text, or move it"
        + " inside the object");
  }
}
