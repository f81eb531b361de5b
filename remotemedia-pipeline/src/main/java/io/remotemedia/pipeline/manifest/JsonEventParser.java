package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.internal.ClientText;
import io.remotemedia.pipeline.internal.InvisibleCharacters;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads strict JSON (RFC 8259) and hands it to snakeyaml's composer as the events its own YAML
 * parser would give, so that a {@code .json} manifest is held to JSON while its values, limits,
 * duplicate-key check and error locations stay those of the YAML path. snakeyaml reads JSON as
 * YAML 1.1, which accepts what JSON refuses (comments, trailing commas, unquoted and
 * single-quoted strings) and refuses what JSON accepts (tab indentation, the {@code \/}
 * escape). A syntax error is a {@link ParserException} whose problem says what JSON expected
 * and what it found, at the line and column where it was found.
 *
 * <p>Pull-based, one event at a time, with an explicit stack: nesting costs no Java stack, and
 * the caller's depth check sees each collection as it opens. Not thread-safe.
 */
final class JsonEventParser implements Parser {
  private static final Pattern NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?");
  /** What JavaScript, Python and YAML write for the numbers JSON has no words for. */
  private static final Pattern NOT_A_NUMBER =
      Pattern.compile("[-+]?(?:NaN|nan|Infinity|inf|\\.inf|\\.nan)", Pattern.CASE_INSENSITIVE);
  /**
   * The longest number read, in characters: snakeyaml's resolver types no longer plain scalar,
   * so a longer one would be read as a string. A double needs about 25.
   */
  static final int MAX_NUMBER_CHARS = 1024;

  /** What the next event is read as. */
  /** A list or object being read: its opening bracket, '{' or '[', and where that is. */
  private record Opened(char bracket, Mark at) {}

  private enum State {
    STREAM_START, DOCUMENT_START, VALUE, FIRST_KEY, KEY, FIRST_ITEM, ITEM, AFTER_VALUE,
    STREAM_END, DONE
  }

  private final Reader reader;
  private final char[] buffer = new char[8192];
  private int length;
  private int position;
  private final TextPosition where = new TextPosition();
  /** Open collections, innermost first. */
  private final Deque<Opened> open = new ArrayDeque<>();
  private State state = State.STREAM_START;
  private Event next;
  /** Where the last comma between members or items was, for a trailing comma's error. */
  private Mark comma;

  /** @param reader the JSON text; the caller closes it */
  JsonEventParser(Reader reader) {
    this.reader = reader;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    Event event = peekEvent();
    return event != null && event.is(choice);
  }

  @Override
  public Event peekEvent() {
    if (next == null && state != State.DONE) {
      next = read();
    }
    return next;
  }

  @Override
  public Event getEvent() {
    Event event = peekEvent();
    next = null;
    return event;
  }

  private Event read() {
    switch (state) {
      case STREAM_START -> {
        state = State.DOCUMENT_START;
        return new StreamStartEvent(mark(), mark());
      }
      case DOCUMENT_START -> {
        skipWhitespace();
        if (peek() < 0) {
          // No document: the manifest parser says the document is empty, as for YAML.
          state = State.DONE;
          return new StreamEndEvent(mark(), mark());
        }
        state = State.VALUE;
        return new DocumentStartEvent(mark(), mark(), false, null, Map.of());
      }
      case VALUE -> {
        skipWhitespace();
        return value();
      }
      case FIRST_KEY, KEY -> {
        skipWhitespace();
        return peek() == '}' ? closeEmpty() : key();
      }
      case FIRST_ITEM, ITEM -> {
        skipWhitespace();
        return peek() == ']' ? closeEmpty() : value();
      }
      case AFTER_VALUE -> {
        return afterValue();
      }
      case STREAM_END -> {
        state = State.DONE;
        return new StreamEndEvent(mark(), mark());
      }
      default -> throw new IllegalStateException("no event after the end of the stream");
    }
  }

  private Event afterValue() {
    skipWhitespace();
    int c = peek();
    if (open.isEmpty()) {
      if (c >= 0) {
        throw controlCharacterOr(TextOutsideTheDocument.afterTheValue(mark()));
      }
      state = State.STREAM_END;
      return new DocumentEndEvent(mark(), mark(), false);
    }
    boolean inObject = open.peek().bracket() == '{';
    if (c == ',') {
      comma = mark();
      take();
      state = inObject ? State.KEY : State.ITEM;
      return read();
    }
    if (c == (inObject ? '}' : ']')) {
      return close();
    }
    refuseNotClosed();
    throw error("expected ',' or '" + (inObject ? '}' : ']') + "', found " + found()
        + (c == '"' ? " (a missing comma?)" : c == '/' || c == '#' ? ": JSON has no comments"
        : ""));
  }

  /** Closes a collection where a member or an item may start: refused after a comma. */
  private Event closeEmpty() {
    if (state == State.KEY || state == State.ITEM) {
      throw new ParserException(null, null, "a comma before '" + (char) peek()
          + "': JSON allows no trailing comma", comma);
    }
    return close();
  }

  private Event close() {
    Mark start = mark();
    char closed = (char) take();
    open.pop();
    state = State.AFTER_VALUE;
    return closed == '}' ? new MappingEndEvent(start, mark()) : new SequenceEndEvent(start, mark());
  }

  /**
   * Refuses the innermost open list or object at its opening bracket when the text ends at the
   * next character or the other bracket is there, as the YAML reader does.
   */
  private void refuseNotClosed() {
    Opened innermost = open.peek();
    if (innermost == null) {
      return;
    }
    if (peek() < 0) {
      throw UnclosedValue.textEnds(innermost.bracket(), innermost.at(), mark());
    }
    if (peek() == UnclosedValue.otherBracket(innermost.bracket())) {
      throw UnclosedValue.closedByTheOther(innermost.bracket(), innermost.at(), mark());
    }
  }

  private Event key() {
    refuseNotClosed();
    if (peek() == '/' || peek() == '#') {
      throw error("found " + found() + ": JSON has no comments");
    }
    if (peek() != '"') {
      throw error("expected a key in double quotes, found " + found()
          + (peek() == '\'' ? " (JSON strings are in double quotes)" : ""));
    }
    Event key = string();
    skipWhitespace();
    if (peek() != ':') {
      throw error("expected ':' after the key, found " + found());
    }
    take();
    state = State.VALUE;
    return key;
  }

  private Event value() {
    refuseNotClosed();
    Mark start = mark();
    int c = peek();
    if (c == '{' || c == '[') {
      take();
      open.push(new Opened((char) c, start));
      state = c == '{' ? State.FIRST_KEY : State.FIRST_ITEM;
      return c == '{'
          ? new MappingStartEvent(null, null, true, start, mark(), DumperOptions.FlowStyle.FLOW)
          : new SequenceStartEvent(null, null, true, start, mark(), DumperOptions.FlowStyle.FLOW);
    }
    if (c == '"') {
      Event string = string();
      state = State.AFTER_VALUE;
      return string;
    }
    if (c == '/' || c == '#') {
      throw error("found " + found() + ": JSON has no comments");
    }
    if (c == '\'') {
      throw error("found \"'\": JSON strings are in double quotes");
    }
    if (c < 0x20 || c == 0x7F || c == '}' || c == ']' || c == ',' || c == ':'
        || !InvisibleCharacters.isVisible(c)) {
      throw error("expected a value, found " + found());
    }
    StringBuilder token = new StringBuilder();
    while (peek() > ' ' && peek() != 0x7F && "{}[],:\"'".indexOf(peek()) < 0) {
      token.append((char) take());
    }
    String text = token.toString();
    boolean literal = text.equals("true") || text.equals("false") || text.equals("null");
    if (!literal && !NUMBER.matcher(text).matches()) {
      String why = NOT_A_NUMBER.matcher(text).matches() ? "JSON has no NaN or Infinity"
          : Character.isLetter(text.charAt(0)) ? "JSON strings are in double quotes"
          : "-+.0123456789".indexOf(text.charAt(0)) >= 0 ? "not a JSON number"
          : "not a JSON value (YAML's tags, anchors and aliases are not JSON)";
      throw new ParserException(null, null, "expected a value, found "
          + ClientText.quoted(text) + ": " + why, start);
    }
    if (text.length() > MAX_NUMBER_CHARS) {
      throw tooLongNumber(start, text.length());
    }
    state = State.AFTER_VALUE;
    return new ScalarEvent(null, null, new ImplicitTuple(true, false), text, start, mark(),
        DumperOptions.ScalarStyle.PLAIN);
  }

  /** Reads a string at the opening quote; a quoted scalar, so always typed as a string. */
  private Event string() {
    Mark start = mark();
    take();
    StringBuilder text = new StringBuilder();
    while (true) {
      int c = peek();
      if (c < 0) {
        throw new ParserException(null, null, "a string is not closed before the end of the"
            + " document", start);
      }
      if (c < 0x20) {
        throw new ParserException(null, null, String.format("control character U+%04X in a"
            + " string: JSON needs it escaped, such as \\n or \\u%04X", c, c), mark());
      }
      take();
      if (c == '"') {
        break;
      }
      text.append(c == '\\' ? escaped() : (char) c);
    }
    return new ScalarEvent(null, null, new ImplicitTuple(false, true), text.toString(), start,
        mark(), DumperOptions.ScalarStyle.DOUBLE_QUOTED);
  }

  private char escaped() {
    int c = peek();
    if (c < 0) {
      throw error("a string is not closed before the end of the document");
    }
    char value = switch (c) {
      case '"', '\\', '/' -> (char) c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> 0;
      default -> throw error(UnreadableEscape.unknown(c,
          "JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"));
    };
    take();
    if (c != 'u') {
      return value;
    }
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(peek() < 0 ? -1 : peek(), 16);
      if (digit < 0) {
        throw error(UnreadableEscape.tooFewDigits(4, 'u', found()));
      }
      take();
      code = code * 16 + digit;
    }
    return (char) code;
  }

  private void skipWhitespace() {
    int c;
    while ((c = peek()) == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\uFEFF'
        && where.index() == 0) {
      take();
    }
  }

  private int peek() {
    if (position == length) {
      try {
        length = reader.read(buffer, 0, buffer.length);
      } catch (IOException e) {
        // As snakeyaml's reader does: the manifest parser words a decoding failure.
        throw new YAMLException(e);
      }
      position = 0;
      if (length <= 0) {
        length = 0;
        return -1;
      }
    }
    return buffer[position];
  }

  private int take() {
    int c = peek();
    position++;
    where.advance((char) c);
    return c;
  }

  private Mark mark() {
    return new Mark("manifest", where.index(), where.line(), where.column(), new int[0], 0);
  }

  /**
   * {@return the error for a syntax problem at the next character}: a control character there,
   * outside a string, is refused as snakeyaml's reader refuses it, which says "a binary file?".
   */
  private RuntimeException error(String problem) {
    return controlCharacterOr(new ParserException(null, null, problem, mark()));
  }

  /**
   * {@return the refusal of the control character that is the next character, outside a
   * string}, or {@code otherwise} when the next character is none
   */
  private RuntimeException controlCharacterOr(RuntimeException otherwise) {
    int c = peek();
    if (c >= 0 && (c < 0x20 || c == 0x7F)) {
      return new ControlCharacterException(where.index(), c, mark());
    }
    return otherwise;
  }

  /**
   * {@return the next character as an error names it}: quoted when it can be seen, by its code
   * point when it is a control character or looks like white space or nothing (a no-break
   * space, a second byte order mark, a zero-width space), and whole when it is a surrogate pair
   * that the buffer holds both halves of.
   */
  private String found() {
    int c = peek();
    if (c < 0) {
      return "the end of the document";
    }
    int codePoint = c;
    if (Character.isHighSurrogate((char) c) && position + 1 < length
        && Character.isLowSurrogate(buffer[position + 1])) {
      codePoint = Character.toCodePoint((char) c, buffer[position + 1]);
    }
    if (InvisibleCharacters.isVisible(codePoint)) {
      return "'" + Character.toString(codePoint) + "'";
    }
    return String.format("U+%04X", codePoint) + (Character.isSpaceChar(codePoint)
        || Character.getType(codePoint) == Character.FORMAT
        ? ", which is not white space in JSON" : "");
  }

  /**
   * {@return the refusal of a number of {@code length} characters, more than {@link
   * #MAX_NUMBER_CHARS}, at {@code start}}
   */
  static PlacedRefusal tooLongNumber(Mark start, int length) {
    return new PlacedRefusal(start, new LimitViolation("max_number_chars", MAX_NUMBER_CHARS,
        length), "a number of " + length + " characters; numbers are read up to "
        + MAX_NUMBER_CHARS);
  }

  /**
   * A control character outside a string, refused as snakeyaml's reader refuses one, with its
   * place: the characters before it may hold others that YAML refuses and JSON does not, so its
   * index alone does not find it.
   */
  static final class ControlCharacterException extends ReaderException {
    final transient Mark mark;

    ControlCharacterException(int index, int codePoint, Mark mark) {
      super("manifest", index, codePoint, "special characters are not allowed");
      this.mark = mark;
    }
  }
}
