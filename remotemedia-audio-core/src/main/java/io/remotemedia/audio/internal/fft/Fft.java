package io.remotemedia.audio.internal.fft;

import io.remotemedia.audio.internal.ArrayFootprint;

/**
 * An in-place radix-2 complex FFT of one power-of-two size over split real and imaginary
 * arrays, in double precision: the one FFT of audio-core. Twiddles are stored per stage,
 * contiguously, so that the inner butterfly loop walks every array with stride 1. The first two
 * stages run as one radix-4 pass with the trivial twiddles, the rest two stages per pass.
 * Unnormalized in both directions.
 *
 * <pre>{@code
 * Fft fft = new Fft(512);
 * fft.forward(re, im);   // re, im: 512 doubles each, transformed in place
 * fft.inverse(re, im);   // back, times 512
 * }</pre>
 *
 * <p>Immutable after construction and thread-safe: it holds only its tables, and every method
 * works in place on the caller's arrays, which it keeps no reference to. One instance may serve
 * any number of streams at once. Allocates only in the constructor.
 */
public final class Fft {
  private final int size;
  private final int[] swapFrom;
  private final int[] swapTo;
  /** Stage with half-length {@code h} keeps its twiddles at {@code [h - 1, 2h - 1)}. */
  private final double[] twiddleRe;
  private final double[] twiddleIm;

  /**
   * Builds the twiddle and bit-reversal tables for one size.
   *
   * @param size the transform length in points, a power of two, at least 4
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  public Fft(int size) {
    if (size < 4 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 4, was " + size);
    }
    this.size = size;
    int bits = Integer.numberOfTrailingZeros(size);
    int pairs = 0;
    int[] from = new int[size / 2];
    int[] to = new int[size / 2];
    for (int i = 0; i < size; i++) {
      int j = Integer.reverse(i) >>> (32 - bits);
      if (j > i) {
        from[pairs] = i;
        to[pairs] = j;
        pairs++;
      }
    }
    this.swapFrom = java.util.Arrays.copyOf(from, pairs);
    this.swapTo = java.util.Arrays.copyOf(to, pairs);
    this.twiddleRe = new double[size];
    this.twiddleIm = new double[size];
    for (int half = 1; half < size; half <<= 1) {
      for (int j = 0; j < half; j++) {
        double angle = -Math.PI * j / half;
        twiddleRe[half - 1 + j] = Math.cos(angle);
        twiddleIm[half - 1 + j] = Math.sin(angle);
      }
    }
  }

  /** The transform length in points. */
  public int size() {
    return size;
  }

  /**
   * The forward transform {@code X[k] = Σ x[n]·e^(−2πikn/N)}, in place, unscaled.
   *
   * @param re real parts, at least {@link #size()} long; overwritten with the spectrum's
   * @param im imaginary parts, at least {@link #size()} long; overwritten likewise
   */
  public void forward(double[] re, double[] im) {
    for (int p = 0; p < swapFrom.length; p++) {
      int a = swapFrom[p];
      int b = swapTo[p];
      double t = re[a];
      re[a] = re[b];
      re[b] = t;
      t = im[a];
      im[a] = im[b];
      im[b] = t;
    }
    forwardReordered(re, im);
  }

  /**
   * The forward transform of an input already stored in bit-reversed order ({@code x[n]} at
   * {@link #bitReversed}{@code (n)}), which saves the reordering pass when the caller can
   * write its input there directly. The output is in natural order.
   *
   * @param re real parts in bit-reversed order, at least {@link #size()} long; overwritten
   * @param im imaginary parts in bit-reversed order, at least {@link #size()} long; overwritten
   */
  public void forwardReordered(double[] re, double[] im) {
    // First two stages in one pass (twiddles 1, then 1 and −i), the same operations in the
    // same order as two radix-2 passes, with one load and store of each point instead of two.
    for (int i = 0; i < size; i += 4) {
      double b0r = re[i] + re[i + 1];
      double b0i = im[i] + im[i + 1];
      double b1r = re[i] - re[i + 1];
      double b1i = im[i] - im[i + 1];
      double b2r = re[i + 2] + re[i + 3];
      double b2i = im[i + 2] + im[i + 3];
      double b3r = re[i + 2] - re[i + 3];
      double b3i = im[i + 2] - im[i + 3];
      re[i] = b0r + b2r;
      im[i] = b0i + b2i;
      re[i + 2] = b0r - b2r;
      im[i + 2] = b0i - b2i;
      re[i + 1] = b1r + b3i;
      im[i + 1] = b1i - b3r;
      re[i + 3] = b1r - b3i;
      im[i + 3] = b1i + b3r;
    }
    // The remaining stages two at a time (radix 2²): one pass over memory instead of two.
    int half = 4;
    for (; 4 * half <= size; half <<= 2) {
      twoStages(re, im, half);
    }
    if (half < size) {
      for (int i = 0; i < size; i += 2 * half) {
        butterflies(re, im, i, half, half - 1);
      }
    }
  }

  /**
   * Stages {@code half} and {@code 2 * half} over every group of {@code 4 * half} points:
   * inputs at {@code j, j + h, j + 2h, j + 3h} with twiddles {@code t1 = W(2h)^j} for the first
   * stage and {@code t2 = W(4h)^j}, {@code −i·t2} for the second. The loop over groups is inside
   * the loop over {@code j}, so each twiddle is loaded once and short groups cost no calls.
   */
  private void twoStages(double[] re, double[] im, int half) {
    double[] wr = twiddleRe;
    double[] wi = twiddleIm;
    int t1 = half - 1;
    int t2 = 2 * half - 1;
    int group = 4 * half;
    for (int j = 0; j < half; j++) {
      double c1 = wr[t1 + j];
      double s1 = wi[t1 + j];
      double c2 = wr[t2 + j];
      double s2 = wi[t2 + j];
      for (int i0 = j; i0 < size; i0 += group) {
        int i1 = i0 + half;
        int i2 = i1 + half;
        int i3 = i2 + half;
        // First stage: (a0, a1) and (a2, a3) with t1.
        double ur = re[i1] * c1 - im[i1] * s1;
        double ui = re[i1] * s1 + im[i1] * c1;
        double b0r = re[i0] + ur;
        double b0i = im[i0] + ui;
        double b1r = re[i0] - ur;
        double b1i = im[i0] - ui;
        double vr = re[i3] * c1 - im[i3] * s1;
        double vi = re[i3] * s1 + im[i3] * c1;
        double b2r = re[i2] + vr;
        double b2i = im[i2] + vi;
        double b3r = re[i2] - vr;
        double b3i = im[i2] - vi;
        // Second stage: (b0, b2) with t2, (b1, b3) with −i·t2.
        double pr = b2r * c2 - b2i * s2;
        double pi = b2r * s2 + b2i * c2;
        double qr = b3r * s2 + b3i * c2;
        double qi = b3i * s2 - b3r * c2;
        re[i0] = b0r + pr;
        im[i0] = b0i + pi;
        re[i2] = b0r - pr;
        im[i2] = b0i - pi;
        re[i1] = b1r + qr;
        im[i1] = b1i + qi;
        re[i3] = b1r - qr;
        im[i3] = b1i - qi;
      }
    }
  }

  /**
   * The inverse transform times the size, {@code x[n]·N = Σ X[k]·e^(+2πikn/N)}, in place: the
   * forward transform with re and im swapped.
   *
   * @param re real parts, at least {@link #size()} long; overwritten
   * @param im imaginary parts, at least {@link #size()} long; overwritten
   */
  public void inverse(double[] re, double[] im) {
    forward(im, re);
  }

  /**
   * {@link #inverse} of a spectrum already stored in bit-reversed order; the output is in
   * natural order.
   *
   * @param re real parts in bit-reversed order, at least {@link #size()} long; overwritten
   * @param im imaginary parts in bit-reversed order, at least {@link #size()} long; overwritten
   */
  public void inverseReordered(double[] re, double[] im) {
    forwardReordered(im, re);
  }

  /**
   * Heap held by the permutation and twiddle tables ({@link ArrayFootprint}), for cache and
   * memory accounting.
   *
   * @return the tables' footprint in bytes
   */
  public long tableBytes() {
    return ArrayFootprint.of(swapFrom) + ArrayFootprint.of(swapTo)
        + ArrayFootprint.of(twiddleRe) + ArrayFootprint.of(twiddleIm);
  }

  /**
   * The position of index {@code n} in bit-reversed order, where {@link #forwardReordered}
   * expects input point {@code n}.
   *
   * @param n an index in [0, {@link #size()})
   * @return its bit-reversed position in [0, {@link #size()})
   */
  public int bitReversed(int n) {
    return Integer.reverse(n) >>> (32 - Integer.numberOfTrailingZeros(size));
  }

  private void butterflies(double[] re, double[] im, int base, int half, int t0) {
    double[] wr = twiddleRe;
    double[] wi = twiddleIm;
    for (int j = 0; j < half; j++) {
      int a = base + j;
      int b = a + half;
      double cr = wr[t0 + j];
      double ci = wi[t0 + j];
      double br = re[b] * cr - im[b] * ci;
      double bi = re[b] * ci + im[b] * cr;
      re[b] = re[a] - br;
      im[b] = im[a] - bi;
      re[a] += br;
      im[a] += bi;
    }
  }
}
