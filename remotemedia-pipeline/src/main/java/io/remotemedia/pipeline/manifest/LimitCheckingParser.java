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
 * the limit allows. A YAML alias counts as the copy of its anchored scalar, list or object that
 * the manifest holds: as the values in it, and as deep as it nests from where the alias is; so
 * aliases of aliases can neither multiply a small document past the value limit nor nest it past
 * the depth limit. Remembers the last event the composer took, and the last scalar written in the
 * text. Not thread-safe.
 */
final class LimitCheckingParser extends ForwardingParser {
  private final int maxDepth;
  private final int maxValues;
  private int values;
  /** What an alias to each anchor copies. */
  private final Map<String, Anchored> anchored = new HashMap<>();
  /** The open lists and objects, innermost first; as many as the depth. */
  private final Deque<Open> open = new ArrayDeque<>();
  private Event last;
  /** The last scalar written in the text: not one the parser makes up for an absent value. */
  private ScalarEvent lastWrittenScalar;

  /**
   * What an anchored value holds.
   *
   * @param values its values, itself included
   * @param depth how deep lists and objects nest in it, itself included: 0 for a scalar
   */
  private record Anchored(int values, int depth) {}

  /** A list or object being read. */
  private static final class Open {
    final String anchor;
    final int valuesBefore;
    final int level;
    /** The deepest level reached in it so far, aliases' copies included. */
    int deepest;

    Open(String anchor, int valuesBefore, int level) {
      this.anchor = anchor;
      this.valuesBefore = valuesBefore;
      this.level = level;
      this.deepest = level;
    }
  }

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

  /** {@return the last scalar written in the text that the composer took, or null} */
  ScalarEvent lastWrittenScalar() {
    return lastWrittenScalar;
  }

  @Override
  public Event getEvent() {
    Event event = super.getEvent();
    if (event instanceof CollectionStartEvent start) {
      count(event, 1);
      reach(event, open.size() + 1);
      open.push(new Open(start.getAnchor(), values - 1, open.size() + 1));
    } else if (event instanceof CollectionEndEvent) {
      Open closed = open.pop();
      if (!open.isEmpty()) {
        open.peek().deepest = Math.max(open.peek().deepest, closed.deepest);
      }
      if (closed.anchor != null) {
        anchored.put(closed.anchor, new Anchored(values - closed.valuesBefore,
            closed.deepest - closed.level + 1));
      }
    } else if (event instanceof ScalarEvent scalar) {
      count(event, 1);
      if (scalar.getStartMark().getIndex() < scalar.getEndMark().getIndex()) {
        lastWrittenScalar = scalar;
      }
      if (scalar.getAnchor() != null) {
        anchored.put(scalar.getAnchor(), new Anchored(1, 0));
      }
    } else if (event instanceof AliasEvent alias) {
      // An anchor not yet closed is an alias inside its own value: the tree reader refuses it.
      Anchored copied = anchored.getOrDefault(alias.getAnchor(), new Anchored(1, 0));
      count(event, copied.values());
      reach(event, open.size() + copied.depth());
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

  /**
   * Notes that {@code event} nests lists and objects to {@code level}, refusing it where it
   * starts past the limit.
   */
  private void reach(Event event, int level) {
    if (level > maxDepth) {
      throw new PlacedRefusal(event.getStartMark(),
          new LimitViolation("max_nesting_depth", maxDepth, level),
          "lists and objects nest more than " + maxDepth + " levels deep"
              + (event instanceof AliasEvent ? ", counting the copy this alias makes" : ""));
    }
    if (!open.isEmpty()) {
      open.peek().deepest = Math.max(open.peek().deepest, level);
    }
  }
}
