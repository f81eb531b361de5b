package io.remotemedia.audio.vad;

/**
 * In-place iterative radix-2 complex FFT of one fixed size, with its twiddle and bit-reversal
 * tables computed once. The first two stages run together as radix-4 butterflies with the
 * trivial twiddles 1 and -i; each later stage reads its twiddles from a contiguous table. Not
 * thread-safe (the tables are read-only, but callers pass their own arrays, so one instance
 * may serve one stream at a time).
 */
final class Fft {
  private final int size;
  // Twiddles of stage "half" (half = 4, 8, ...) at [half - 4, 2 * half - 4): cos and sin of
  // 2 pi k / (2 half), k in [0, half).
  private final float[] stageCos;
  private final float[] stageSin;
  // The index pairs (swapFrom[p], swapTo[p]) that bit reversal exchanges: a table instead of
  // a test per index, whose outcome the branch predictor cannot learn.
  private final int[] swapFrom;
  private final int[] swapTo;

  /**
   * @param size a power of two, at least 2
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  Fft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 2, was " + size);
    }
    this.size = size;
    stageCos = new float[Math.max(0, size - 4)];
    stageSin = new float[Math.max(0, size - 4)];
    for (int half = 4; half < size; half <<= 1) {
      for (int k = 0; k < half; k++) {
        stageCos[half - 4 + k] = (float) Math.cos(Math.PI * k / half);
        stageSin[half - 4 + k] = (float) Math.sin(Math.PI * k / half);
      }
    }
    int bits = Integer.numberOfTrailingZeros(size);
    int pairs = 0;
    for (int i = 0; i < size; i++) {
      if (Integer.reverse(i) >>> (32 - bits) > i) {
        pairs++;
      }
    }
    swapFrom = new int[pairs];
    swapTo = new int[pairs];
    for (int i = 0, p = 0; i < size; i++) {
      int j = Integer.reverse(i) >>> (32 - bits);
      if (j > i) {
        swapFrom[p] = i;
        swapTo[p++] = j;
      }
    }
  }

  int size() {
    return size;
  }

  /**
   * Transforms {@code re + i*im} in place. The forward transform uses {@code exp(-2 pi i k n /
   * N)}; the inverse uses the conjugate and does not scale by {@code 1/N}.
   */
  void transform(float[] re, float[] im, boolean inverse) {
    for (int p = 0; p < swapFrom.length; p++) {
      int i = swapFrom[p];
      int j = swapTo[p];
      float t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
    float sign = inverse ? 1f : -1f;
    if (size == 2) {
      butterfly2(re, im);
      return;
    }
    for (int s = 0; s < size; s += 4) {
      float ar = re[s] + re[s + 1];
      float ai = im[s] + im[s + 1];
      float br = re[s] - re[s + 1];
      float bi = im[s] - im[s + 1];
      float cr = re[s + 2] + re[s + 3];
      float ci = im[s + 2] + im[s + 3];
      float dr = re[s + 2] - re[s + 3];
      float di = im[s + 2] - im[s + 3];
      // d times the twiddle exp(sign * i pi / 2) = sign * i.
      float tr = -sign * di;
      float ti = sign * dr;
      re[s] = ar + cr;
      im[s] = ai + ci;
      re[s + 2] = ar - cr;
      im[s + 2] = ai - ci;
      re[s + 1] = br + tr;
      im[s + 1] = bi + ti;
      re[s + 3] = br - tr;
      im[s + 3] = bi - ti;
    }
    int half = 4;
    // Two stages per pass (half and 2 half) while two remain: one read and write of the data
    // per two stages, and three twiddle products per four points instead of four.
    for (; half * 4 <= size; half <<= 2) {
      radix4Pass(re, im, half, sign);
    }
    if (half < size) {
      radix2Pass(re, im, half, sign);
    }
  }

  private void radix2Pass(float[] re, float[] im, int half, float sign) {
    int table = half - 4;
    for (int start = 0; start < size; start += half << 1) {
      for (int k = 0; k < half; k++) {
        float wr = stageCos[table + k];
        float wi = sign * stageSin[table + k];
        int a = start + k;
        int b = a + half;
        float tr = re[b] * wr - im[b] * wi;
        float ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }

  /** The radix-2 stages {@code half} and {@code 2 * half} in one pass. */
  private void radix4Pass(float[] re, float[] im, int half, float sign) {
    int table1 = half - 4;
    int table2 = 2 * half - 4;
    for (int start = 0; start < size; start += half << 2) {
      for (int k = 0; k < half; k++) {
        int i0 = start + k;
        int i1 = i0 + half;
        int i2 = i1 + half;
        int i3 = i2 + half;
        float w1r = stageCos[table1 + k];
        float w1i = sign * stageSin[table1 + k];
        float w2r = stageCos[table2 + k];
        float w2i = sign * stageSin[table2 + k];
        // Stage half: (0, 1) and (2, 3) with w1.
        float tr = re[i1] * w1r - im[i1] * w1i;
        float ti = re[i1] * w1i + im[i1] * w1r;
        float b0r = re[i0] + tr;
        float b0i = im[i0] + ti;
        float b1r = re[i0] - tr;
        float b1i = im[i0] - ti;
        tr = re[i3] * w1r - im[i3] * w1i;
        ti = re[i3] * w1i + im[i3] * w1r;
        float b2r = re[i2] + tr;
        float b2i = im[i2] + ti;
        float b3r = re[i2] - tr;
        float b3i = im[i2] - ti;
        // Stage 2 half: (0, 2) with w2, (1, 3) with w2 times exp(sign i pi / 2) = sign i.
        tr = b2r * w2r - b2i * w2i;
        ti = b2r * w2i + b2i * w2r;
        re[i0] = b0r + tr;
        im[i0] = b0i + ti;
        re[i2] = b0r - tr;
        im[i2] = b0i - ti;
        float ur = b3r * w2r - b3i * w2i;
        float ui = b3r * w2i + b3i * w2r;
        tr = -sign * ui;
        ti = sign * ur;
        re[i1] = b1r + tr;
        im[i1] = b1i + ti;
        re[i3] = b1r - tr;
        im[i3] = b1i - ti;
      }
    }
  }

  private static void butterfly2(float[] re, float[] im) {
    float r = re[1];
    float i = im[1];
    re[1] = re[0] - r;
    im[1] = im[0] - i;
    re[0] += r;
    im[0] += i;
  }
}
