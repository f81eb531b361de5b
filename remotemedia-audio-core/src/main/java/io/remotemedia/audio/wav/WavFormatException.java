package io.remotemedia.audio.wav;

import java.io.IOException;

/**
 * Thrown when bytes are not a WAV file this package can read, or audio cannot be stored as a
 * WAV file. The message names the problem and, for reading, the byte offset and the chunk, for
 * example {@code "truncated data chunk at byte 36: header says 96000 bytes, the file ends after
 * 1200 of them"}.
 */
public final class WavFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Where in the file the problem was found, in bytes from its start; -1 when writing. */
  private final long byteOffset;

  /**
   * @param message what is wrong, with its location
   * @param byteOffset the offset in the file where the problem was found, or -1 when there is
   *     none (writing)
   */
  public WavFormatException(String message, long byteOffset) {
    super(message);
    this.byteOffset = byteOffset;
  }

  /** {@return the byte offset in the file where the problem was found, or -1 when unknown} */
  public long byteOffset() {
    return byteOffset;
  }
}
