package io.remotemedia.audio.resample;

/**
 * Least-squares fit of {@code a·sin(ωn) + b·cos(ωn) + dc} at a known frequency over a window of
 * a signal, in double precision: the test-side reference for gain, phase, THD+N and residual
 * level. Because the frequency is known exactly, the fit removes the fundamental completely and
 * the residual is everything else (harmonics, aliases, images and noise), with no window
 * leakage to worry about.
 */
final class SineFit {
  final double amplitude;
  /** Phase of the fitted sine at sample 0 of the whole signal, in radians. */
  final double phase;
  /** RMS of what is left after removing the fitted sine and DC. */
  final double residualRms;

  private SineFit(double amplitude, double phase, double residualRms) {
    this.amplitude = amplitude;
    this.phase = phase;
    this.residualRms = residualRms;
  }

  /** Fits samples {@code [from, to)} of {@code signal} at {@code frequencyHz}. */
  static SineFit of(float[] signal, double frequencyHz, double sampleRateHz, int from, int to) {
    double w = 2 * Math.PI * frequencyHz / sampleRateHz;
    // Normal equations of the 3-parameter model, solved by Cramer's rule.
    double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, n1 = 0, ys = 0, yc = 0, y1 = 0;
    for (int n = from; n < to; n++) {
      double s = Math.sin(w * n);
      double c = Math.cos(w * n);
      double y = signal[n];
      ss += s * s;
      sc += s * c;
      s1 += s;
      cc += c * c;
      c1 += c;
      n1 += 1;
      ys += y * s;
      yc += y * c;
      y1 += y;
    }
    double[][] m = {{ss, sc, s1}, {sc, cc, c1}, {s1, c1, n1}};
    double[] rhs = {ys, yc, y1};
    double[] x = solve3(m, rhs);
    double sumSq = 0;
    for (int n = from; n < to; n++) {
      double r = signal[n] - (x[0] * Math.sin(w * n) + x[1] * Math.cos(w * n) + x[2]);
      sumSq += r * r;
    }
    double amplitude = Math.hypot(x[0], x[1]);
    return new SineFit(amplitude, Math.atan2(x[1], x[0]), Math.sqrt(sumSq / (to - from)));
  }

  /** THD+N: residual power over fundamental power, in dB. */
  double thdPlusNoiseDb() {
    return 20 * Math.log10(residualRms / (amplitude / Math.sqrt(2)));
  }

  /** The residual as the level of a sine with the same RMS, in dBFS. */
  double residualDbfs() {
    return 20 * Math.log10(residualRms * Math.sqrt(2));
  }

  private static double[] solve3(double[][] a, double[] b) {
    double det = det3(a);
    double[] x = new double[3];
    for (int k = 0; k < 3; k++) {
      double[][] m = new double[3][];
      for (int r = 0; r < 3; r++) {
        m[r] = a[r].clone();
        m[r][k] = b[r];
      }
      x[k] = det3(m) / det;
    }
    return x;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
