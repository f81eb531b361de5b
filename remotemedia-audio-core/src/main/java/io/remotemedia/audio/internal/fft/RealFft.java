package io.remotemedia.audio.internal.fft;

/**
 * FFT of real sequences of one fixed size {@code N}, computed with a complex {@link Fft} of
 * size {@code N/2}: the real input is packed as {@code x[2n] + i*x[2n+1]} (written straight to
 * bit-reversed positions, so the FFT skips its reordering pass), transformed, and split into
 * the spectrum of the even and of the odd samples. About half the work of a complex FFT of
 * size {@code N} with zero imaginary parts. Double precision.
 *
 * <pre>{@code
 * RealFft fft = new RealFft(1024);
 * fft.forward(frame, re, im);   // bins 0..512 of the 1024-point DFT of frame
 * }</pre>
 *
 * <p>Holds scratch buffers: one instance per stream, not thread-safe. Allocates only in the
 * constructor; keeps no reference to the caller's arrays.
 */
public final class RealFft {
  private final int size;
  private final int half;
  private final Fft fft;
  private final int[] order;
  private final double[] cos;
  private final double[] sin;
  private final double[] zr;
  private final double[] zi;

  /**
   * Builds the tables and scratch buffers for one size.
   *
   * @param size {@code N}, the number of real input points: a power of two, at least 8
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  public RealFft(int size) {
    if (size < 8 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("real FFT size must be a power of two >= 8, was " + size);
    }
    this.size = size;
    half = size / 2;
    fft = new Fft(half);
    order = new int[half];
    for (int n = 0; n < half; n++) {
      order[n] = fft.bitReversed(n);
    }
    cos = new double[half + 1];
    sin = new double[half + 1];
    for (int k = 0; k <= half; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / size);
      sin[k] = Math.sin(2 * Math.PI * k / size);
    }
    zr = new double[half];
    zi = new double[half];
  }

  /** {@code N}, the number of real input points. */
  public int size() {
    return size;
  }

  /**
   * The forward DFT ({@code exp(-2 pi i k n / N)}, unscaled) of {@code N} real samples.
   *
   * @param x the samples, at least {@code N} long (only the first {@code N} are read); not
   *     modified
   * @param re receives the real parts of bins 0 to {@code N/2}; at least {@code N/2 + 1} long
   * @param im receives the imaginary parts of bins 0 to {@code N/2}; at least {@code N/2 + 1}
   *     long
   */
  public void forward(double[] x, double[] re, double[] im) {
    for (int n = 0; n < half; n++) {
      int p = order[n];
      zr[p] = x[2 * n];
      zi[p] = x[2 * n + 1];
    }
    fft.forwardReordered(zr, zi);
    re[0] = zr[0] + zi[0];
    im[0] = 0;
    re[half] = zr[0] - zi[0];
    im[half] = 0;
    for (int k = 1; k < half; k++) {
      int m = half - k;
      // Even part E = (Z[k] + conj Z[m]) / 2, odd part O = (Z[k] - conj Z[m]) / 2i,
      // X[k] = E + exp(-2 pi i k / N) * O.
      double er = 0.5 * (zr[k] + zr[m]);
      double ei = 0.5 * (zi[k] - zi[m]);
      double or = 0.5 * (zi[k] + zi[m]);
      double oi = -0.5 * (zr[k] - zr[m]);
      double c = cos[k];
      double s = sin[k];
      re[k] = er + c * or + s * oi;
      im[k] = ei + c * oi - s * or;
    }
  }
}
