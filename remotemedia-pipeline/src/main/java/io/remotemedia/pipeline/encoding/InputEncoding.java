package io.remotemedia.pipeline.encoding;

import java.util.Objects;

/**
 * How a source's input arrives coded, as an explanation needs to know it: the encoding, and for
 * Opus the duration of each packet (what the sender's encoder buffers before it can send one).
 *
 * <pre>{@code
 * InputEncoding webrtc = InputEncoding.of(AudioEncoding.OPUS_PACKETS); // 20 ms packets
 * InputEncoding telephony = InputEncoding.of(AudioEncoding.MU_LAW);
 * }</pre>
 *
 * @param encoding the encoding
 * @param packetDurationUs Opus only: each packet's duration in microseconds, a multiple of 2500
 *     up to 120000; ignored for the other encodings
 */
public record InputEncoding(AudioEncoding encoding, int packetDurationUs) {
  /** The Opus packet duration when none is given: 20 ms, as WebRTC and libopus use. */
  public static final int DEFAULT_PACKET_DURATION_US =
      OutputEncoding.DEFAULT_FRAME_DURATION_MS * 1000;

  /**
   * Checks the fields.
   *
   * @param encoding the encoding
   * @param packetDurationUs Opus only: each packet's duration in microseconds
   * @throws NullPointerException if the encoding is null
   */
  public InputEncoding {
    Objects.requireNonNull(encoding, "encoding");
  }

  /**
   * An encoding with the default Opus packet duration.
   *
   * @param encoding the encoding
   * @return the input encoding
   */
  public static InputEncoding of(AudioEncoding encoding) {
    return new InputEncoding(encoding, DEFAULT_PACKET_DURATION_US);
  }
}
