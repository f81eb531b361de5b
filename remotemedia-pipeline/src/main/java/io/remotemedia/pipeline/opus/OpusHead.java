package io.remotemedia.pipeline.opus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code OpusHead} packet that opens an Ogg Opus stream (RFC 7845 section 5.1): channel
 * mapping family 0 only, mono or stereo.
 *
 * @param channels 1 or 2
 * @param preSkip the frames at 48 kHz to drop at the start
 * @param inputRateHz the rate before encoding; informational, 0 when unspecified
 * @param outputGainQ8 the gain to apply, in dB as a Q7.8 fixed-point number
 */
record OpusHead(int channels, int preSkip, long inputRateHz, int outputGainQ8) {
  /** {@return the output gain as a factor} */
  float gain() {
    return (float) Math.pow(10, outputGainQ8 / (20.0 * 256));
  }

  static OpusHead parse(byte[] p, int length, long pageOffset) throws OpusFormatException {
    if (!startsWith(p, length, "OpusHead")) {
      throw new OpusFormatException("not an Ogg Opus file: the first packet (page 0 at byte "
          + pageOffset + ") does not start with \"OpusHead\"", pageOffset);
    }
    if (length < 19) {
      throw new OpusFormatException("OpusHead packet is " + length + " bytes; at least 19"
          + " are needed", pageOffset);
    }
    int version = p[8] & 0xFF;
    if (version >= 16) {
      throw new OpusFormatException("unsupported Ogg Opus version " + version + " (major "
          + (version >> 4) + "); only major version 0 is read", pageOffset);
    }
    int channels = p[9] & 0xFF;
    int preSkip = (p[10] & 0xFF) | (p[11] & 0xFF) << 8;
    long rate = (p[12] & 0xFF) | (p[13] & 0xFF) << 8 | (p[14] & 0xFF) << 16
        | (long) (p[15] & 0xFF) << 24;
    int gain = (short) ((p[16] & 0xFF) | (p[17] & 0xFF) << 8);
    int family = p[18] & 0xFF;
    if (family != 0) {
      throw new OpusFormatException("unsupported Ogg Opus channel mapping family " + family
          + " (" + channels + " channels); only family 0, mono or stereo, is read",
          pageOffset);
    }
    if (channels != 1 && channels != 2) {
      throw new OpusFormatException("OpusHead declares " + channels + " channels; mapping"
          + " family 0 allows 1 or 2", pageOffset);
    }
    return new OpusHead(channels, preSkip, rate, gain);
  }

  /** {@return whether the packet's first {@code length} bytes start with {@code magic}} */
  static boolean startsWith(byte[] packet, int length, String magic) {
    if (length < magic.length()) {
      return false;
    }
    byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
    return Arrays.equals(packet, 0, expected.length, expected, 0, expected.length);
  }
}
