package io.remotemedia.audio.vad;

/**
 * FFT of real sequences of one fixed size {@code N}, computed with a complex {@link Fft} of
 * size {@code N/2}: the real input is packed as {@code x[2n] + i*x[2n+1]}, transformed, and
 * split into the spectrum of the even and of the odd samples. About half the work of a
 * complex FFT of size {@code N} with zero imaginary parts.
 *
 * <pre>{@code
 * RealFft fft = new RealFft(1024);
 * fft.forward(frame, re, im);   // bins 0..512 of the 1024-point DFT of frame
 * }</pre>
 *
 * Holds scratch buffers: one instance per stream, not thread-safe. Allocates only in the
 * constructor.
 */
final class RealFft {
  private final int size;
  private final int half;
  private final Fft fft;
  private final float[] cos;
  private final float[] sin;
  private final float[] zr;
  private final float[] zi;

  /**
   * @param size a power of two, at least 4
   * @throws IllegalArgumentException if {@code size} is not such a power of two
   */
  RealFft(int size) {
    if (size < 4 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("real FFT size must be a power of two >= 4, was " + size);
    }
    this.size = size;
    half = size / 2;
    fft = new Fft(half);
    cos = new float[half + 1];
    sin = new float[half + 1];
    for (int k = 0; k <= half; k++) {
      cos[k] = (float) Math.cos(2 * Math.PI * k / size);
      sin[k] = (float) Math.sin(2 * Math.PI * k / size);
    }
    zr = new float[half];
    zi = new float[half];
  }

  int size() {
    return size;
  }

  /**
   * The forward DFT ({@code exp(-2 pi i k n / N)}, unscaled) of the {@code N} real samples in
   * {@code x}, bins 0 to {@code N/2} into {@code re} and {@code im} (each at least {@code N/2 + 1}
   * long). {@code x} is not modified.
   */
  void forward(float[] x, float[] re, float[] im) {
    for (int n = 0; n < half; n++) {
      zr[n] = x[2 * n];
      zi[n] = x[2 * n + 1];
    }
    fft.transform(zr, zi, false);
    re[0] = zr[0] + zi[0];
    im[0] = 0f;
    re[half] = zr[0] - zi[0];
    im[half] = 0f;
    for (int k = 1; k < half; k++) {
      int m = half - k;
      // Even part E = (Z[k] + conj Z[m]) / 2, odd part O = (Z[k] - conj Z[m]) / 2i,
      // X[k] = E + exp(-2 pi i k / N) * O.
      float er = 0.5f * (zr[k] + zr[m]);
      float ei = 0.5f * (zi[k] - zi[m]);
      float or = 0.5f * (zi[k] + zi[m]);
      float oi = -0.5f * (zr[k] - zr[m]);
      float c = cos[k];
      float s = sin[k];
      re[k] = er + c * or + s * oi;
      im[k] = ei + c * oi - s * or;
    }
  }
}
