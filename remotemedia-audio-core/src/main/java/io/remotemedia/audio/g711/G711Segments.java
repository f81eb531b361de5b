package io.remotemedia.audio.g711;

/**
 * The segment arithmetic of ITU-T G.711, one code or sample at a time. The tables of {@link
 * G711Law} are computed from it once. It follows the reference formulation that SoX and the
 * Sun sample code also use: μ-law codes a 14-bit linear value, A-law a 13-bit one, each by
 * truncation within its segment, and decoding returns the segment's mid-value on the 16-bit
 * grid. Stateless.
 */
final class G711Segments {
  /** Upper ends of the eight μ-law segments, in 14-bit units after the bias is added. */
  private static final int[] MU_SEGMENT_ENDS = {
      0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
  /** Upper ends of the eight A-law segments, in 13-bit units. */
  private static final int[] A_SEGMENT_ENDS = {
      0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
  /** Largest 14-bit magnitude μ-law codes; larger ones clip to it. */
  private static final int MU_CLIP = 8159;
  /** The μ-law bias, 0x84, in 16-bit units. */
  private static final int MU_BIAS = 0x84;

  private G711Segments() {}

  /**
   * Encodes a 14-bit linear value to a μ-law code.
   *
   * @param linear14 a value in [-8192, 8191]
   */
  static byte muLawEncode(int linear14) {
    int mask;
    int magnitude;
    if (linear14 < 0) {
      magnitude = -linear14;
      mask = 0x7F;
    } else {
      magnitude = linear14;
      mask = 0xFF;
    }
    magnitude = Math.min(magnitude, MU_CLIP) + (MU_BIAS >> 2);
    int segment = segment(magnitude, MU_SEGMENT_ENDS);
    if (segment >= 8) {
      return (byte) (0x7F ^ mask);
    }
    return (byte) (((segment << 4) | ((magnitude >> (segment + 1)) & 0xF)) ^ mask);
  }

  /**
   * Encodes a 13-bit linear value to an A-law code.
   *
   * @param linear13 a value in [-4096, 4095]
   */
  static byte aLawEncode(int linear13) {
    int mask;
    int magnitude;
    if (linear13 >= 0) {
      magnitude = linear13;
      mask = 0xD5;
    } else {
      // One's complement, so -1 and 0 land in the same step on either side of zero.
      magnitude = -linear13 - 1;
      mask = 0x55;
    }
    int segment = segment(magnitude, A_SEGMENT_ENDS);
    if (segment >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int quantum = segment < 2 ? (magnitude >> 1) & 0xF : (magnitude >> segment) & 0xF;
    return (byte) (((segment << 4) | quantum) ^ mask);
  }

  /** Decodes a μ-law code to a 16-bit linear value in [-32124, 32124]. */
  static short muLawDecode(byte code) {
    int u = ~code & 0xFF;
    int t = (((u & 0xF) << 3) + MU_BIAS) << ((u & 0x70) >> 4);
    return (short) ((u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS);
  }

  /** Decodes an A-law code to a 16-bit linear value in [-32256, 32256]. */
  static short aLawDecode(byte code) {
    int a = (code & 0xFF) ^ 0x55;
    int t = (a & 0xF) << 4;
    int segment = (a & 0x70) >> 4;
    if (segment == 0) {
      t += 8;
    } else {
      t = (t + 0x108) << (segment - 1);
    }
    return (short) ((a & 0x80) != 0 ? t : -t);
  }

  private static int segment(int magnitude, int[] ends) {
    for (int i = 0; i < ends.length; i++) {
      if (magnitude <= ends[i]) {
        return i;
      }
    }
    return ends.length;
  }
}
