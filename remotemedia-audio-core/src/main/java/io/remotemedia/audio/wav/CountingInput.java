package io.remotemedia.audio.wav;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that counts the bytes it has consumed, so that errors can name their byte
 * offset. One instance per read, not thread-safe.
 */
final class CountingInput {
  private final InputStream in;
  private long offset;
  private byte[] scratch;

  CountingInput(InputStream in) {
    this.in = in;
  }

  /** {@return the number of bytes consumed so far, the offset of the next byte} */
  long offset() {
    return offset;
  }

  /** Reads up to {@code length} bytes, fewer only at the end of the stream. */
  int read(byte[] buffer, int from, int length) throws IOException {
    int got = in.readNBytes(buffer, from, length);
    offset += got;
    return got;
  }

  /**
   * Skips up to {@code count} bytes, fewer only at the end of the stream. Reads rather than
   * calling {@link InputStream#skip}, which may move past the end of a file unnoticed.
   */
  long skip(long count) throws IOException {
    if (scratch == null) {
      scratch = new byte[8192];
    }
    long done = 0;
    while (done < count) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, count - done));
      if (n < 0) {
        break;
      }
      done += n;
    }
    offset += done;
    return done;
  }
}
