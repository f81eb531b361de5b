package io.remotemedia.audio.vad;

/**
 * In-place iterative radix-2 complex FFT of one fixed size, with its twiddle and bit-reversal
 * tables computed once. Not thread-safe (the tables are read-only, but callers pass their own
 * arrays, so one instance may serve one stream at a time).
 */
final class Fft {
  private final int size;
  private final float[] cos;
  private final float[] sin;
  private final int[] reversed;

  /**
   * @param size a power of two, at least 2
   */
  Fft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 2, was " + size);
    }
    this.size = size;
    cos = new float[size / 2];
    sin = new float[size / 2];
    for (int i = 0; i < size / 2; i++) {
      cos[i] = (float) Math.cos(2 * Math.PI * i / size);
      sin[i] = (float) Math.sin(2 * Math.PI * i / size);
    }
    reversed = new int[size];
    int bits = Integer.numberOfTrailingZeros(size);
    for (int i = 0; i < size; i++) {
      reversed[i] = Integer.reverse(i) >>> (32 - bits);
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
    for (int i = 0; i < size; i++) {
      int j = reversed[i];
      if (j > i) {
        float t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    float sign = inverse ? 1f : -1f;
    for (int half = 1; half < size; half <<= 1) {
      int step = size / (half << 1);
      for (int start = 0; start < size; start += half << 1) {
        for (int k = 0; k < half; k++) {
          float wr = cos[k * step];
          float wi = sign * sin[k * step];
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
  }
}
