package io.remotemedia.audio.loudness;

/**
 * The 4x interpolator of the true-peak meter: a 49-tap Kaiser-windowed sinc (beta =
 * {@value #KAISER_BETA}) cut off at the input's Nyquist frequency, split into 4 phases. The
 * centre tap falls on an input sample, so phase 0 reproduces the input and phases 1 to 3 fall
 * at 1/4, 1/2 and 3/4 of a sample. Each phase is scaled to unit DC gain.
 *
 * <p>BS.1770-4 Annex 2 describes 4x oversampling with a 48-tap filter and gives its table; this
 * is the same kind of filter with an odd length (as libebur128 uses 49 taps), which puts phase
 * 0 on the input samples. Its measured accuracy is in docs/nodes/Normalize.md.
 */
final class OversamplingFilter {
  static final int FACTOR = 4;
  static final int TAPS = 49;
  static final int TAPS_PER_PHASE = 13; // phase 0 uses 13, the others 12 (one zero tap)
  static final double KAISER_BETA = 6.0;

  private OversamplingFilter() {}

  /**
   * Returns {@code h[phase][tap]}: the interpolated value at input time {@code n - 6 + phase/4}
   * is {@code sum over j of h[phase][j] * x[n - j]}. Phase 0 is a unit impulse at j = 6.
   */
  static double[][] phases() {
    double[] prototype = new double[TAPS];
    int centre = (TAPS - 1) / 2;
    double i0Beta = besselI0(KAISER_BETA);
    for (int k = 0; k < TAPS; k++) {
      double t = (double) (k - centre) / FACTOR;
      double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      double r = (double) (k - centre) / centre;
      prototype[k] = sinc * besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
    }
    double[][] phases = new double[FACTOR][TAPS_PER_PHASE];
    for (int p = 0; p < FACTOR; p++) {
      double sum = 0;
      for (int j = 0; j < TAPS_PER_PHASE; j++) {
        int k = p + FACTOR * j;
        phases[p][j] = k < TAPS ? prototype[k] : 0;
        sum += phases[p][j];
      }
      for (int j = 0; j < TAPS_PER_PHASE; j++) {
        phases[p][j] /= sum;
      }
    }
    return phases;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }
}
