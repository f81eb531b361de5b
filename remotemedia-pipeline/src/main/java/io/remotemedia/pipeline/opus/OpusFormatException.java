package io.remotemedia.pipeline.opus;

import java.io.IOException;

/**
 * Opus or Ogg input that cannot be decoded: a corrupt packet, a damaged page, a wrong header.
 * The message names the problem and where it is; {@link #byteOffset()} gives the offset.
 */
public final class OpusFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Where the problem was found, in bytes from the start of the input; -1 when unknown. */
  private final long byteOffset;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with its location
   * @param byteOffset where the problem was found, in bytes from the start of the input (a
   *     file, or the chunk of packets that held it), or -1 when unknown
   */
  public OpusFormatException(String message, long byteOffset) {
    super(message);
    this.byteOffset = byteOffset;
  }

  /**
   * Returns where the problem was found.
   *
   * @return the byte offset from the start of the input, or -1 when unknown
   */
  public long byteOffset() {
    return byteOffset;
  }
}
