package io.remotemedia.pipeline.encoding;

import java.util.Objects;

/**
 * How to code a sink's output.
 *
 * @param encoding the encoding
 * @param bitrateBps Opus only: the target bit rate in bits per second, 6000 to 510000
 * @param frameDurationMs Opus only: the packet duration, 10, 20, 40 or 60 ms
 */
public record OutputEncoding(AudioEncoding encoding, int bitrateBps, int frameDurationMs) {
  /** The Opus bit rate when none is given: 24 kbit/s, good wideband speech. */
  public static final int DEFAULT_BITRATE_BPS = 24_000;
  /** The Opus packet duration when none is given: 20 ms, as WebRTC uses. */
  public static final int DEFAULT_FRAME_DURATION_MS = 20;

  /**
   * Checks the fields.
   *
   * @param encoding the encoding
   * @param bitrateBps Opus only: the target bit rate in bits per second, 6000 to 510000
   * @param frameDurationMs Opus only: the packet duration, 10, 20, 40 or 60 ms
   * @throws NullPointerException if the encoding is null
   */
  public OutputEncoding {
    Objects.requireNonNull(encoding, "encoding");
  }

  /**
   * An encoding with the default Opus settings.
   *
   * @param encoding the encoding
   * @return the output encoding
   */
  public static OutputEncoding of(AudioEncoding encoding) {
    return new OutputEncoding(encoding, DEFAULT_BITRATE_BPS, DEFAULT_FRAME_DURATION_MS);
  }
}
