package io.remotemedia.pipeline.manifest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Hands a manifest's characters to a parser, stops past the size limit, and knows where it is,
 * so that what the parser or the reader underneath says without a place can be given a line and
 * column. It notes the first character that YAML does not allow anywhere (a control character,
 * half of a surrogate pair without the other half, U+FFFE or U+FFFF), since snakeyaml's refusal
 * of one gives only its index; the first character that snakeyaml (YAML 1.1) reads as a line
 * break and an editor does not (U+0085, U+2028, U+2029); the first byte order mark after the
 * first character, which YAML allows nowhere else; and where the text stops when the reader
 * underneath fails. Not thread-safe; closing it closes that reader.
 */
final class PositionedReader extends FilterReader {
  /**
   * The most characters asked of the reader underneath at once. A decoding reader that fails
   * drops what it decoded in the read that failed, so the text it gave ends up to one read
   * before its bad input: asking for little keeps that close, at no cost worth measuring.
   */
  static final int MAX_READ_CHARS = 64;

  private final int limit;
  private long count;
  private final TextPosition where = new TextPosition();
  /** The first character YAML does not allow, or null. */
  private Refused refused;
  /** A high surrogate waiting for its other half, or null. */
  private Refused high;
  /** The first line break of YAML 1.1's own, or null. */
  private Refused yaml11LineBreak;
  /** The first byte order mark after the first character, or null. */
  private Refused innerByteOrderMark;
  /** The last two characters read, the last in the low 16 bits. */
  private int lastTwo;

  /**
   * A character YAML does not allow.
   *
   * @param codePoint the character, or half of a surrogate pair
   * @param index its index in code points, from 0
   * @param location its line and column, when known
   */
  record Refused(int codePoint, int index, ManifestLocation location) {}

  /** @param limit the most characters read; one more throws {@link TooLongException} */
  PositionedReader(Reader in, int limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    char[] one = new char[1];
    return read(one, 0, 1) < 0 ? -1 : one[0];
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, Math.min(length, MAX_READ_CHARS));
    if (n < 0 && high != null) {
      refuse(high);
    }
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new TooLongException();
      }
    }
    for (int i = offset; i < offset + n; i++) {
      check(buffer[i]);
      where.advance(buffer[i]);
      lastTwo = lastTwo << 16 | buffer[i];
    }
    return n;
  }

  /** {@return whether the text read so far ends with {@code first} and then {@code last}} */
  boolean endsWith(char first, char last) {
    return lastTwo == (first << 16 | last);
  }

  /** Notes {@code c}, the next character, if it or a high surrogate before it is refused. */
  private void check(char c) {
    if (yaml11LineBreak == null && (c == '\u0085' || c == '\u2028' || c == '\u2029')) {
      yaml11LineBreak = new Refused(c, where.index(), here());
    }
    if (innerByteOrderMark == null && c == '\uFEFF' && where.index() > 0) {
      innerByteOrderMark = new Refused(c, where.index(), here());
    }
    if (refused != null) {
      return;
    }
    if (Character.isLowSurrogate(c) && high != null) {
      high = null;
      return;
    }
    if (high != null) {
      refuse(high);
    } else if (Character.isHighSurrogate(c)) {
      high = new Refused(c, where.index(), here());
    } else if (!StreamReader.isPrintable(c)) {
      refuse(new Refused(c, where.index(), here()));
    }
  }

  private void refuse(Refused character) {
    if (refused == null) {
      refused = character;
    }
  }

  private ManifestLocation here() {
    return new ManifestLocation("", where.line() + 1, where.column() + 1);
  }

  /**
   * {@return the character snakeyaml's reader refused, placed}: the first one YAML does not allow,
   * which is the one it refuses, since it reads in order; or, should they differ, the refused
   * one as snakeyaml gives it, without a place. snakeyaml's index of half a pair at the very end
   * is one too many, so the code point, not the index, tells that they are the same.
   */
  Refused refused(ReaderException e) {
    return refused != null && refused.codePoint() == e.getCodePoint() ? refused
        : new Refused(e.getCodePoint(), e.getPosition(), ManifestLocation.ofPath(""));
  }

  /**
   * {@return the first character read that snakeyaml (YAML 1.1) takes for a line break and
   * editors, JSON and YAML 1.2 do not: U+0085, U+2028 or U+2029, placed as an editor places it;
   * or null when none was read}
   */
  Refused yaml11LineBreak() {
    return yaml11LineBreak;
  }

  /**
   * {@return the first byte order mark (U+FEFF) read after the first character, placed; or null
   * when none was read}
   */
  Refused innerByteOrderMark() {
    return innerByteOrderMark;
  }

  /**
   * {@return where the characters read so far end}: the place of the next one, or no position
   * when none was read
   */
  ManifestLocation end() {
    return where.index() == 0 ? ManifestLocation.ofPath("") : here();
  }

  /**
   * Reads on past the limit to count the document's characters.
   *
   * @return the count; or, where the document goes on past {@code atMost} or cannot be read
   *     to its end, minus a count it has at least
   */
  long countToEnd(long atMost) {
    char[] buffer = new char[8192];
    try {
      int n;
      while (count <= atMost && (n = in.read(buffer)) >= 0) {
        count += n;
      }
    } catch (IOException e) {
      return -Math.min(count, atMost);
    }
    return count <= atMost ? count : -atMost;
  }

  /** Thrown past the size limit; the manifest parser turns it into its error. */
  static final class TooLongException extends RuntimeException {
    TooLongException() {
      super(null, null, false, false);
    }
  }
}
