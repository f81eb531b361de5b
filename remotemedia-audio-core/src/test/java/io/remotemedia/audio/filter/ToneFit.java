package io.remotemedia.audio.filter;

/**
 * Measures the amplitude of a sine of known frequency in a signal by a least-squares fit of
 * {@code a sin(wn) + b cos(wn) + c} over a range of samples (steady state), in double.
 */
final class ToneFit {
  private ToneFit() {}

  /** Returns the fitted amplitude of {@code frequencyHz} in {@code x[from, to)}. */
  static double amplitude(float[] x, int from, int to, double frequencyHz, int sampleRateHz) {
    double w = 2 * Math.PI * frequencyHz / sampleRateHz;
    // Normal equations of the 3-parameter fit, solved by Cramer's rule.
    double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, n = 0, ys = 0, yc = 0, y1 = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(w * i);
      double c = Math.cos(w * i);
      double y = x[i];
      ss += s * s;
      sc += s * c;
      s1 += s;
      cc += c * c;
      c1 += c;
      n += 1;
      ys += y * s;
      yc += y * c;
      y1 += y;
    }
    double[][] m = {{ss, sc, s1}, {sc, cc, c1}, {s1, c1, n}};
    double det = det(m);
    double a = det(replace(m, 0, ys, yc, y1)) / det;
    double b = det(replace(m, 1, ys, yc, y1)) / det;
    return Math.hypot(a, b);
  }

  static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }

  private static double[][] replace(double[][] m, int column, double r0, double r1, double r2) {
    double[][] copy = {m[0].clone(), m[1].clone(), m[2].clone()};
    copy[0][column] = r0;
    copy[1][column] = r1;
    copy[2][column] = r2;
    return copy;
  }

  private static double det(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
