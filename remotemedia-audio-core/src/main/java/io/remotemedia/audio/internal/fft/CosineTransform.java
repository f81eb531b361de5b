package io.remotemedia.audio.vad;

/**
 * The inverse DFT of size {@code N} of a real, even spectrum (a type-I discrete cosine
 * transform of {@code N/2 + 1} points), computed with a {@link RealFft} of size {@code N/2}:
 * half the work of {@link RealFft#inverseEven}, which does not use the symmetry of the output.
 * The algorithm is the one of Press et al., Numerical Recipes, {@code cosft1}: even outputs are
 * the real parts of the real FFT of a folded input, odd outputs a running sum of its imaginary
 * parts (kept in double, so its rounding does not grow with the output index).
 *
 * <pre>{@code
 * CosineTransform dct = new CosineTransform(1024);
 * dct.inverseEven(power, lags);   // lags[n] for n in 0..512, as RealFft(1024).inverseEven
 * }</pre>
 *
 * Holds scratch buffers: one instance per stream, not thread-safe. Allocates only in the
 * constructor.
 */
final class CosineTransform {
  private final int size;
  private final int half;
  private final RealFft fft;
  private final float[] sin;
  private final double[] cos;
  private final float[] folded;
  private final float[] re;
  private final float[] im;

  /**
   * @param size {@code N}, a power of two, at least 8
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  CosineTransform(int size) {
    if (size < 8 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("cosine transform size must be a power of two >= 8, was "
          + size);
    }
    this.size = size;
    half = size / 2;
    fft = new RealFft(half);
    sin = new float[half];
    cos = new double[half];
    for (int j = 0; j < half; j++) {
      sin[j] = (float) Math.sin(2 * Math.PI * j / size);
      cos[j] = Math.cos(2 * Math.PI * j / size);
    }
    folded = new float[half];
    re = new float[half / 2 + 1];
    im = new float[half / 2 + 1];
  }

  int size() {
    return size;
  }

  /**
   * Writes {@code out[n] = sum over k in [0, N) of spectrum[min(k, N - k)] * cos(2 pi k n / N)}
   * for {@code n} in 0 to {@code N/2} (the rest follows by {@code out[N - n] = out[n]}).
   * {@code spectrum} holds bins 0 to {@code N/2} and is not modified; {@code out} must be at
   * least {@code N/2 + 1} long.
   */
  void inverseEven(float[] spectrum, float[] out) {
    // With f = spectrum and M = N/2: out[n] = f[0] + (-1)^n f[M] + 2 sum_{j=1}^{M-1} f[j]
    // cos(pi j n / M). Fold y[j] = (f[j] + f[M-j]) / 2 - sin(pi j / M) (f[j] - f[M-j]); its
    // real DFT Y gives out[2k] = 2 Re Y[k] and out[2k+1] - out[2k-1] = -2 Im Y[k] (for the
    // forward sign exp(-i ...)).
    double odd = 0.5 * (spectrum[0] - spectrum[half]);
    for (int j = 0; j < half; j++) {
      float a = spectrum[j];
      float b = spectrum[half - j];
      folded[j] = 0.5f * (a + b) - sin[j] * (a - b);
      if (j > 0) {
        odd += a * cos[j];
      }
    }
    fft.forward(folded, re, im);
    int quarter = half / 2;
    out[0] = 2 * re[0];
    out[1] = (float) (2 * odd);
    for (int k = 1; k < quarter; k++) {
      out[2 * k] = 2 * re[k];
      odd -= im[k];
      out[2 * k + 1] = (float) (2 * odd);
    }
    out[half] = 2 * re[quarter];
  }
}
