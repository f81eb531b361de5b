package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.internal.ClientText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes a parser's events on to snakeyaml's composer, refusing a list or object nested deeper
 * than the depth limit, and the value past the value limit, at the place where it starts: before
 * the composer builds a node for it, so that a document of many small values costs no more than
 * the limit allows. A YAML alias counts as the copy of its anchored scalar, list or object that
 * the manifest holds: as the values in it, and as deep as it nests from where the alias is; so
 * aliases of aliases can neither multiply a small document past the value limit nor nest it past
 * the depth limit. An alias that names no anchor before it is refused at its place, and so is a
 * plain number longer than JSON reads, which YAML would take for a string. Remembers
 * the last two events the composer took, and the last scalar written in the text. Not thread-safe.
 *
 * <p>Depth is counted in the manifest the document makes, where the value of a YAML merge key
 * ({@code <<: *defaults}, {@code <<: {...}}, {@code <<: [*a, *b]}) is no level: its objects'
 * keys join the object that holds the merge key. So a merged object's own level and a list of
 * them do not count, and an alias there counts as deep as its copy nests less its own object.
 * Since those levels are still written, and cost the composer a level each, the nesting as
 * written has a limit of its own.
 */
final class LimitCheckingParser extends ForwardingParser {
  private final int maxDepth;
  private final int maxWrittenDepth;
  private final int maxValues;
  private int values;
  /** What an alias to each anchor copies. */
  private final Map<String, Anchored> anchored = new HashMap<>();
  /** The open lists and objects, innermost first; as many as the depth as written. */
  private final Deque<Open> open = new ArrayDeque<>();
  private Event last;
  /** The event the composer took before {@link #last}, and the one before that. */
  private Event beforeLast;
  private Event twoBeforeLast;
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
    /** Its level in the manifest; its items and values are one deeper. */
    final int level;
    final boolean object;
    /** The deepest level reached in it so far, aliases' copies included. */
    int deepest;
    /** In an object: whether a key comes next, rather than a value. */
    boolean keyNext = true;
    /** In an object: whether the value that comes next is that of a merge key. */
    boolean mergeValueNext;
    /** Its opening '[' or '{', or null when it is written without brackets. */
    final Mark bracket;

    Open(String anchor, int valuesBefore, int level, boolean object, Mark bracket) {
      this.anchor = anchor;
      this.bracket = bracket;
      this.valuesBefore = valuesBefore;
      this.level = level;
      this.object = object;
      this.deepest = level;
    }
  }

  /**
   * @param maxDepth the deepest nesting of lists and objects accepted in the manifest
   * @param maxWrittenDepth the deepest nesting of lists and objects accepted as written, merge
   *     keys' values included
   * @param maxValues the most scalars, lists and objects (keys included) accepted
   */
  LimitCheckingParser(Parser parser, int maxDepth, int maxWrittenDepth, int maxValues) {
    super(parser);
    this.maxDepth = maxDepth;
    this.maxWrittenDepth = maxWrittenDepth;
    this.maxValues = maxValues;
  }

  Event lastEvent() {
    return last;
  }

  /** {@return the last three events the composer took, the last first; fewer at the start} */
  List<Event> recentEvents() {
    List<Event> recent = new ArrayList<>(3);
    for (Event event : new Event[] {last, beforeLast, twoBeforeLast}) {
      if (event == null) {
        break;
      }
      recent.add(event);
    }
    return recent;
  }

  /**
   * {@return the opening '[' or '{' of the innermost open list or object written in brackets},
   * or null when none is open
   */
  Mark innermostBracket() {
    for (Open collection : open) {
      if (collection.bracket != null) {
        return collection.bracket;
      }
    }
    return null;
  }

  /** {@return the last scalar written in the text that the composer took, or null} */
  ScalarEvent lastWrittenScalar() {
    return lastWrittenScalar;
  }

  @Override
  public Event getEvent() {
    Event event = super.getEvent();
    Open parent = open.peek();
    // The value of a merge key is no level: as if it were an item of a list one level up.
    int base = parent == null ? 0
        : parent.mergeValueNext ? parent.level - 1 : parent.level;
    if (event instanceof CollectionStartEvent start) {
      count(event, 1);
      if (open.size() + 1 > maxWrittenDepth) {
        throw new PlacedRefusal(event.getStartMark(),
            new LimitViolation("max_written_nesting_depth", maxWrittenDepth, open.size() + 1),
            "lists and objects are written nested more than " + maxWrittenDepth + " levels"
                + " deep, counting the objects and lists of merge keys (<<)");
      }
      // A list as a merge key's value holds objects to merge: as if each were its value.
      int level = parent != null && parent.mergeValueNext && event instanceof SequenceStartEvent
          ? base : base + 1;
      reach(event, level);
      open.push(new Open(start.getAnchor(), values - 1, level,
          event instanceof MappingStartEvent, bracketOf(start)));
    } else if (event instanceof CollectionEndEvent) {
      Open closed = open.pop();
      if (!open.isEmpty()) {
        open.peek().deepest = Math.max(open.peek().deepest, closed.deepest);
      }
      if (closed.anchor != null) {
        anchored.put(closed.anchor, new Anchored(values - closed.valuesBefore,
            closed.deepest - closed.level + 1));
      }
      passed(false);
    } else if (event instanceof ScalarEvent scalar) {
      count(event, 1);
      if (scalar.getStartMark().getIndex() < scalar.getEndMark().getIndex()) {
        lastWrittenScalar = scalar;
      }
      if (scalar.isPlain() && scalar.getValue().length() > JsonEventParser.MAX_NUMBER_CHARS
          && ManifestScalarResolver.isNumber(scalar.getValue())) {
        // YAML would read it as a string, which JSON refuses as a number too long.
        throw JsonEventParser.tooLongNumber(scalar.getStartMark(), scalar.getValue().length());
      }
      if (scalar.getAnchor() != null) {
        anchored.put(scalar.getAnchor(), new Anchored(1, 0));
      }
      passed(scalar.isPlain() && "<<".equals(scalar.getValue()));
    } else if (event instanceof AliasEvent alias) {
      // An anchor not yet closed is an alias inside its own value: the tree reader refuses it.
      Anchored copied = anchored.get(alias.getAnchor());
      if (copied == null) {
        copied = refuseUndefined(alias);
      }
      count(event, copied.values());
      reach(event, base + copied.depth());
      passed(false);
    }
    twoBeforeLast = beforeLast;
    beforeLast = last;
    last = event;
    return event;
  }

  /**
   * {@return where {@code start} opens its list or object with '[' or '{'}, or null when it is
   * written without: a YAML block, or a single key and value in a list in brackets
   */
  private static Mark bracketOf(CollectionStartEvent start) {
    int c = PlacedRefusal.charAt(start.getStartMark());
    return start.isFlow() && (c == '[' || c == '{') ? start.getStartMark() : null;
  }

  /**
   * {@return what an alias of an anchor not yet closed copies}, refusing the alias at its place
   * when no anchor of its name is open either: snakeyaml said only "found undefined alias" and
   * the whole name, however long.
   */
  private Anchored refuseUndefined(AliasEvent alias) {
    for (Open collection : open) {
      if (alias.getAnchor().equals(collection.anchor)) {
        return new Anchored(1, 0);
      }
    }
    throw new PlacedRefusal(alias.getStartMark(), null, "the alias "
        + ClientText.quoted("*" + alias.getAnchor()) + " names no anchor written before"
        + " it; an alias (*name) repeats the value anchored (&name) earlier in the document");
  }

  /**
   * Notes that a value has been read in the innermost open object or list: a key, after which
   * its value comes, or a value, after which a key comes.
   *
   * @param mergeKey whether the value is a plain {@code <<}, which as a key is a merge key
   */
  private void passed(boolean mergeKey) {
    Open parent = open.peek();
    if (parent != null && parent.object) {
      parent.mergeValueNext = parent.keyNext && mergeKey;
      parent.keyNext = !parent.keyNext;
    }
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
