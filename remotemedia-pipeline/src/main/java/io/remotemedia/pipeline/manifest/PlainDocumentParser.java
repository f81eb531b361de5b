package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes a YAML parser's events on, refusing what a manifest, which holds JSON's values, does
 * not read, where it is written: a tag ({@code !!python/object}, {@code !!str}, {@code !foo}),
 * which would give a value a type of its own, and a second document after {@code ---}. Without
 * this, snakeyaml refused a global tag as "Global tag is not allowed", read {@code !!set},
 * {@code !!omap} and a local tag on a list or object as plain ones, read {@code !!bool "yes"} as
 * true, and said of a second document only "but found another document". Not thread-safe.
 */
final class PlainDocumentParser extends ForwardingParser {
  /** The prefix of YAML's own tags, which {@code !!} abbreviates. */
  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

  private boolean documentStarted;

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
    String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
        : event instanceof CollectionStartEvent start ? start.getTag() : null;
    if (tag != null) {
      throw new PlacedRefusal(event.getStartMark(), null, "YAML tags are not read: found "
          + written(tag) + "; a manifest holds JSON's values (strings, numbers, booleans,"
          + " null, lists and objects): remove the tag (quote a value to make it a string)");
    }
    return event;
  }

  /** {@return the tag as it is usually written, {@code !!str} for YAML's own, quoted} */
  private static String written(String tag) {
    return ClientText.quoted(tag.startsWith(YAML_TAG_PREFIX)
        ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag);
  }
}
