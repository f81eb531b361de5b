package io.remotemedia.pipeline.manifest;

/**
 * Where a reader is in manifest text, counted as snakeyaml's reader and the size limit count:
 * the index and column count code points (the second half of a surrogate pair adds nothing),
 * CRLF, CR or LF ends a line, and a byte order mark as the first character takes no column,
 * since an editor shows none. Zero-based, as snakeyaml's marks are. Not thread-safe.
 */
final class TextPosition {
  private int index;
  private int line;
  private int column;
  private char previous;

  /** Moves past {@code c}, the next character of the text. */
  void advance(char c) {
    boolean pairEnd = Character.isLowSurrogate(c) && Character.isHighSurrogate(previous);
    boolean crlf = c == '\n' && previous == '\r';
    boolean byteOrderMark = c == '\uFEFF' && index == 0;
    previous = c;
    if (pairEnd) {
      return;
    }
    index++;
    if (crlf) {
      return;
    }
    if (c == '\n' || c == '\r') {
      line++;
      column = 0;
    } else if (!byteOrderMark) {
      column++;
    }
  }

  /** {@return the code points passed} */
  int index() {
    return index;
  }

  /** {@return the zero-based line} */
  int line() {
    return line;
  }

  /** {@return the zero-based column, in code points} */
  int column() {
    return column;
  }
}
