package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes a parser's events on to snakeyaml's composer, refusing a list or object nested deeper
 * than the depth limit, and the value past the value limit, at the place where it starts: before
 * the composer builds a node for it, so that a document of many small values costs no more than
 * the limit allows. A YAML alias counts as the values it copies (its anchored scalar, list or
 * object, and everything in it), since the manifest holds a copy of each; so aliases of aliases
 * cannot multiply a small document past the limit. Remembers the last event the composer took.
 * Not thread-safe.
 */
final class LimitCheckingParser extends ForwardingParser {
  private final int maxDepth;
  private final int maxValues;
  private int depth;
  private int values;
  /** How many values each anchor's scalar, list or object holds: what an alias to it copies. */
  private final Map<String, Integer> anchored = new HashMap<>();
  /** The open lists and objects, innermost first: each one's anchor and the count before it. */
  private final Deque<Open> open = new ArrayDeque<>();
  private Event last;

  /** A list or object being read: its anchor, or null, and the values counted before it. */
  private record Open(String anchor, int valuesBefore) {}

  /**
   * @param maxDepth the deepest nesting of lists and objects accepted
   * @param maxValues the most scalars, lists and objects (keys included) accepted
   */
  LimitCheckingParser(Parser parser, int maxDepth, int maxValues) {
    super(parser);
    this.maxDepth = maxDepth;
    this.maxValues = maxValues;
  }

  Event lastEvent() {
    return last;
  }

  @Override
  public Event getEvent() {
    Event event = super.getEvent();
    if (event instanceof CollectionStartEvent || event instanceof ScalarEvent) {
      count(event, 1);
    } else if (event instanceof AliasEvent alias) {
      // An anchor not yet closed is an alias inside its own value: the tree reader refuses it.
      count(event, anchored.getOrDefault(alias.getAnchor(), 1));
    }
    if (event instanceof CollectionStartEvent start) {
      depth++;
      if (depth > maxDepth) {
        throw new PlacedRefusal(event.getStartMark(),
            new LimitViolation("max_nesting_depth", maxDepth, depth),
            "lists and objects nest more than " + maxDepth + " levels deep");
      }
      open.push(new Open(start.getAnchor(), values - 1));
    } else if (event instanceof CollectionEndEvent) {
      depth--;
      Open closed = open.pop();
      if (closed.anchor() != null) {
        anchored.put(closed.anchor(), values - closed.valuesBefore());
      }
    } else if (event instanceof ScalarEvent scalar && scalar.getAnchor() != null) {
      anchored.put(scalar.getAnchor(), 1);
    }
    last = event;
    return event;
  }

  /** Counts {@code added} values for {@code event}, refusing it where it starts past the limit. */
  private void count(Event event, int added) {
    values += added;
    if (values > maxValues) {
      throw new PlacedRefusal(event.getStartMark(),
          new LimitViolation("max_manifest_values", maxValues, values),
          "the manifest holds more than " + maxValues + " values (strings, numbers,"
              + " booleans, nulls, lists and objects, keys included"
              + (event instanceof AliasEvent ? "; this alias copies " + added : "") + ")");
    }
  }
}
