package io.remotemedia.pipeline.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a manifest's bytes as UTF-8, strictly, and knows where it is: the first byte that
 * starts no UTF-8 character fails the read with a {@link NotUtf8Exception} that gives its line
 * and column (1-based, counted as {@link TextPosition} counts them) and its byte offset. The
 * JDK's decoding reader says only that the input is malformed, somewhere. Not thread-safe;
 * closing it closes the stream.
 */
final class Utf8ManifestReader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
  /** Bytes consumed before the buffer's first. */
  private long bytesBefore;
  private boolean endOfInput;
  private NotUtf8Exception failure;
  private final TextPosition where = new TextPosition();

  Utf8ManifestReader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (length == 0) {
      return 0;
    }
    if (bytesBefore == 0 && bytes.position() == 0) {
      refuseOtherByteOrderMark();
    }
    CharBuffer out = CharBuffer.wrap(buffer, offset, length);
    while (out.position() == offset) {
      CoderResult result = decoder.decode(bytes, out, endOfInput);
      if (result.isError()) {
        count(buffer, offset, out.position());
        failure = new NotUtf8Exception(where.line() + 1, where.column() + 1,
            bytesBefore + bytes.position(),
            bytes.get(bytes.position()) & 0xFF, null);
        // The characters before the bad byte are read first; the next read fails.
        if (out.position() == offset) {
          throw failure;
        }
        break;
      }
      if (result.isOverflow() || endOfInput) {
        break;
      }
      fill();
    }
    int n = out.position() - offset;
    if (n == 0 && endOfInput) {
      return -1;
    }
    count(buffer, offset, out.position());
    return n;
  }

  /**
   * Refuses text that starts with the byte order mark of UTF-16 or UTF-32 (as Windows editors
   * save "Unicode"), which the decoder would refuse as a bad byte, or, for UTF-32BE, read as a
   * control character.
   */
  private void refuseOtherByteOrderMark() throws IOException {
    while (bytes.remaining() < 4 && !endOfInput) {
      fill();
    }
    int[] first = new int[4];
    for (int i = 0; i < Math.min(4, bytes.remaining()); i++) {
      first[i] = bytes.get(bytes.position() + i) & 0xFF;
    }
    boolean zeros = bytes.remaining() >= 4 && first[2] == 0 && first[3] == 0;
    String encoding = first[0] == 0 && first[1] == 0 && first[2] == 0xFE && first[3] == 0xFF
        ? "UTF-32BE"
        : first[0] == 0xFF && first[1] == 0xFE ? (zeros ? "UTF-32LE" : "UTF-16LE")
        : first[0] == 0xFE && first[1] == 0xFF ? "UTF-16BE" : null;
    if (encoding != null) {
      failure = new NotUtf8Exception(1, 1, 0, first[0], encoding);
      throw failure;
    }
  }

  private void fill() throws IOException {
    bytesBefore += bytes.position();
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  private void count(char[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      where.advance(buffer[i]);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The first byte that starts no UTF-8 character, and where it is; or, at the start, the byte
   * order mark of another encoding.
   */
  static final class NotUtf8Exception extends CharacterCodingException {
    final int line;
    final int column;
    final long byteOffset;
    final int byteValue;
    /** The encoding whose byte order mark the text starts with, or null. */
    final String encoding;

    NotUtf8Exception(int line, int column, long byteOffset, int byteValue, String encoding) {
      this.line = line;
      this.column = column;
      this.byteOffset = byteOffset;
      this.byteValue = byteValue;
      this.encoding = encoding;
    }

    @Override
    public String getMessage() {
      return encoding != null
          ? "it is " + encoding + ", by the byte order mark it starts with"
          : String.format("byte 0x%02X, at byte %d, starts no UTF-8 character", byteValue,
              byteOffset);
    }

    /** {@return what the text may be instead, for the error: nothing when it is known} */
    String guess() {
      return encoding != null ? ""
          : " (is it Latin-1 or Windows-1252 text, or a binary file such as audio?)";
    }
  }
}
