package io.remotemedia.audio.format;

import io.remotemedia.audio.SampleFormat;

/**
 * The arithmetic of {@link AudioFormatConverterNode}: scale to integer steps, add TPDF dither,
 * round half up, clip, scale back. One instance per stream; not thread-safe.
 */
final class Quantizer {
  private static final double TWO_POW_31 = 2147483648.0;
  private static final double UNIT_24 = 1.0 / (1 << 24);

  private final double scale;
  private final double minStep;
  private final double maxStep;
  private final double clampMaxStep;
  private final boolean dither;
  private final long seed;
  private long state;

  Quantizer(SampleFormat format, boolean dither, long seed) {
    switch (format) {
      case I16 -> {
        scale = 32768.0;
        minStep = -32768.0;
        maxStep = 32767.0;
        clampMaxStep = maxStep;
      }
      case I32 -> {
        scale = TWO_POW_31;
        minStep = -TWO_POW_31;
        maxStep = TWO_POW_31 - 1;
        // A float just below 1.0 is 1 - 2^-24: the largest i32 value a float can carry is
        // 2^31 - 128. Values between it and 2^31 - 1 are representable in i32 but not in a
        // float, so they are limited silently rather than counted as clipped.
        clampMaxStep = TWO_POW_31 - 128;
      }
      default -> throw new IllegalArgumentException("no integer grid for " + format);
    }
    this.dither = dither;
    this.seed = seed;
    reset();
  }

  /** Restarts the dither sequence from the seed. */
  void reset() {
    // splitmix64 finaliser: spreads similar seeds; xorshift needs a non-zero state.
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    state = z == 0 ? 0x2545F4914F6CDD1DL : z;
  }

  /**
   * Quantises {@code in[0..count)} into {@code out[0..count)}.
   *
   * @return the number of samples outside the format's range (clipped); NaN becomes 0 and is
   *     not counted
   */
  int quantize(float[] in, float[] out, int count) {
    int clipped = 0;
    long s = state;
    for (int i = 0; i < count; i++) {
      double v = in[i] * scale;
      if (dither) {
        // xorshift64*: one step per sample, two 24-bit uniforms from the high bits.
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        long r = s * 0x2545F4914F6CDD1DL;
        v += ((r >>> 40) - ((r >>> 16) & 0xFFFFFF)) * UNIT_24;
      }
      double n = Math.floor(v + 0.5);
      if (n > maxStep) {
        n = clampMaxStep;
        clipped++;
      } else if (n < minStep) {
        n = minStep;
        clipped++;
      } else if (n > clampMaxStep) {
        n = clampMaxStep;
      } else if (n != n) {
        n = 0;
      }
      out[i] = (float) (n / scale);
    }
    state = s;
    return clipped;
  }
}
