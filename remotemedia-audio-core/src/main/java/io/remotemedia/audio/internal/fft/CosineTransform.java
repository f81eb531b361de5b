package io.remotemedia.audio.internal.fft;

/**
 * The inverse DFT of size {@code N} of a real, even spectrum (a type-I discrete cosine
 * transform of {@code N/2 + 1} points), computed with a {@link RealFft} of size {@code N/2}:
 * a quarter of the work of a complex FFT of size {@code N}. The algorithm is the one of Press
 * et al., Numerical Recipes, {@code cosft1}: even outputs are the real parts of the real FFT
 * of a folded input, odd outputs a running sum of its imaginary parts. Double precision.
 *
 * <pre>{@code
 * CosineTransform dct = new CosineTransform(1024);
 * dct.inverseEven(power, lags);   // the autocorrelation at lags 0..512 of a power spectrum
 * }</pre>
 *
 * <p>Holds scratch buffers: one instance per stream, not thread-safe. Allocates only in the
 * constructor; keeps no reference to the caller's arrays.
 */
public final class CosineTransform {
  private final int size;
  private final int half;
  private final RealFft fft;
  private final double[] sin;
  private final double[] cos;
  private final double[] folded;
  private final double[] re;
  private final double[] im;

  /**
   * Builds the tables and scratch buffers for one size.
   *
   * @param size {@code N}, the length of the (full, even) spectrum: a power of two, at least
   *     16
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  public CosineTransform(int size) {
    if (size < 16 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("cosine transform size must be a power of two >= 16, was "
          + size);
    }
    this.size = size;
    half = size / 2;
    fft = new RealFft(half);
    sin = new double[half];
    cos = new double[half];
    for (int j = 0; j < half; j++) {
      sin[j] = Math.sin(2 * Math.PI * j / size);
      cos[j] = Math.cos(2 * Math.PI * j / size);
    }
    folded = new double[half];
    re = new double[half / 2 + 1];
    im = new double[half / 2 + 1];
  }

  /** {@code N}, the length of the full spectrum. */
  public int size() {
    return size;
  }

  /**
   * Writes {@code out[n] = sum over k in [0, N) of spectrum[min(k, N - k)] * cos(2 pi k n / N)}
   * for {@code n} in 0 to {@code N/2} (the rest follows by {@code out[N - n] = out[n]}).
   *
   * @param spectrum bins 0 to {@code N/2} of the even spectrum, at least {@code N/2 + 1} long;
   *     not modified
   * @param out receives the outputs 0 to {@code N/2}; at least {@code N/2 + 1} long
   */
  public void inverseEven(double[] spectrum, double[] out) {
    // With f = spectrum and M = N/2: out[n] = f[0] + (-1)^n f[M] + 2 sum_{j=1}^{M-1} f[j]
    // cos(pi j n / M). Fold y[j] = (f[j] + f[M-j]) / 2 - sin(pi j / M) (f[j] - f[M-j]); its
    // real DFT Y gives out[2k] = 2 Re Y[k] and out[2k+1] - out[2k-1] = -2 Im Y[k] (for the
    // forward sign exp(-i ...)).
    double odd = 0.5 * (spectrum[0] - spectrum[half]);
    folded[0] = 0.5 * (spectrum[0] + spectrum[half]);
    for (int j = 1; j < half; j++) {
      double a = spectrum[j];
      double b = spectrum[half - j];
      folded[j] = 0.5 * (a + b) - sin[j] * (a - b);
      odd += a * cos[j];
    }
    fft.forward(folded, re, im);
    int quarter = half / 2;
    out[0] = 2 * re[0];
    out[1] = 2 * odd;
    for (int k = 1; k < quarter; k++) {
      out[2 * k] = 2 * re[k];
      odd -= im[k];
      out[2 * k + 1] = 2 * odd;
    }
    out[half] = 2 * re[quarter];
  }
}
