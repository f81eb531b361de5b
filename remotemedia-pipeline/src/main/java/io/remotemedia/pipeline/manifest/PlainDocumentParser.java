package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes a YAML parser's events on, refusing what a manifest, which holds JSON's values, does
 * not read, where it is written: a tag ({@code !!python/object}, {@code !!str}, {@code !foo}),
 * which would give a value a type of its own, a second document after {@code ---}, and a
 * directive ({@code %YAML 1.2}) after the document with no document after it. Without this,
 * snakeyaml refused a global tag as "Global tag is not allowed", read {@code !!set}, {@code
 * !!omap} and a local tag on a list or object as plain ones, read {@code !!bool "yes"} as true,
 * said of a second document only "but found another document", and read such a directive
 * without a word. Not thread-safe.
 */
final class PlainDocumentParser extends ForwardingParser {
  /** The prefix of YAML's own tags, which {@code !!} abbreviates. */
  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

  private boolean documentStarted;
  private Event previous;

  PlainDocumentParser(Parser parser) {
    super(parser);
  }

  @Override
  public Event getEvent() {
    Event event = super.getEvent();
    if (event instanceof DocumentStartEvent) {
      if (documentStarted) {
        throw new PlacedRefusal(event.getStartMark(), null, "a second YAML document; a"
            + " manifest is one document: remove this '---' and what follows it, or the"
            + " document before it");
      }
      documentStarted = true;
    }
    if (event instanceof StreamEndEvent && previous instanceof DocumentEndEvent end) {
      Mark directive = directiveAfter(end, event.getStartMark());
      if (directive != null) {
        throw ReservedYamlIndicator.directive(directive);
      }
    }
    previous = event;
    String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
        : event instanceof CollectionStartEvent start ? start.getTag() : null;
    if (tag != null) {
      throw new PlacedRefusal(event.getStartMark(), null, "YAML tags are not read: found "
          + written(tag) + "; a manifest holds JSON's values (strings, numbers, booleans,"
          + " null, lists and objects): remove the tag (quote a value to make it a string)");
    }
    return event;
  }

  /**
   * {@return the start of the first directive between the document's end and the end of the
   * text, or null when there is none}: a line that starts with '%', which in that stretch only a
   * directive can be (a comment starts with '#'). The end of a document without '...' is where
   * the directive that ends it starts.
   */
  private static Mark directiveAfter(DocumentEndEvent end, Mark streamEnd) {
    if (!end.getExplicit()) {
      return PlacedRefusal.charAt(end.getStartMark()) == '%' ? end.getStartMark() : null;
    }
    Mark from = end.getEndMark();
    int[] buffer = streamEnd.getBuffer();
    int offset = streamEnd.getPointer() - (streamEnd.getIndex() - from.getIndex());
    if (buffer == null || offset < 0) {
      return null;
    }
    int line = from.getLine();
    int column = from.getColumn();
    for (int i = offset; i < streamEnd.getPointer(); i++) {
      if (buffer[i] == '%' && column == 0) {
        return new Mark(from.getName(), from.getIndex() + i - offset, line, 0, buffer, i);
      }
      boolean lineBreak = buffer[i] == '\n'
          || buffer[i] == '\r' && (i + 1 >= buffer.length || buffer[i + 1] != '\n');
      line += lineBreak ? 1 : 0;
      column = lineBreak ? 0 : column + 1;
    }
    return null;
  }

  /** {@return the tag as it is usually written, {@code !!str} for YAML's own, quoted} */
  private static String written(String tag) {
    return ClientText.quoted(tag.startsWith(YAML_TAG_PREFIX)
        ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag);
  }
}
