package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes a parser's events on to snakeyaml's composer, refusing a list or object nested deeper
 * than the depth limit, and the value past the value limit, at the place where it starts: before
 * the composer builds a node for it, so that a document of many small values costs no more than
 * the limit allows. Remembers the last event the composer took. Not thread-safe.
 */
final class LimitCheckingParser implements Parser {
  private final Parser parser;
  private final int maxDepth;
  private final int maxValues;
  private int depth;
  private int values;
  private Event last;

  /**
   * @param maxDepth the deepest nesting of lists and objects accepted
   * @param maxValues the most scalars, lists and objects (keys included) accepted
   */
  LimitCheckingParser(Parser parser, int maxDepth, int maxValues) {
    this.parser = parser;
    this.maxDepth = maxDepth;
    this.maxValues = maxValues;
  }

  Event lastEvent() {
    return last;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return parser.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return parser.peekEvent();
  }

  @Override
  public Event getEvent() {
    Event event = parser.getEvent();
    if (event instanceof CollectionStartEvent || event instanceof ScalarEvent) {
      values++;
      if (values > maxValues) {
        throw new LimitPassedException(event.getStartMark(),
            new LimitViolation("max_manifest_values", maxValues, values),
            "the manifest holds more than " + maxValues + " values (strings, numbers,"
                + " booleans, nulls, lists and objects, keys included)");
      }
    }
    if (event instanceof CollectionStartEvent) {
      depth++;
      if (depth > maxDepth) {
        throw new LimitPassedException(event.getStartMark(),
            new LimitViolation("max_nesting_depth", maxDepth, depth),
            "lists and objects nest more than " + maxDepth + " levels deep");
      }
    } else if (event instanceof CollectionEndEvent) {
      depth--;
    }
    last = event;
    return event;
  }

  /**
   * A limit passed at {@link #mark}, here or by the JSON reader; the manifest parser turns it
   * into its error.
   */
  static final class LimitPassedException extends RuntimeException {
    final transient Mark mark;
    final LimitViolation violation;
    final String problem;

    LimitPassedException(Mark mark, LimitViolation violation, String problem) {
      super(null, null, false, false);
      this.mark = mark;
      this.violation = violation;
      this.problem = problem;
    }
  }
}
