package io.remotemedia.audio.filter;

/**
 * The reference for the cookbook filters, independent of the coefficient formulas: each
 * cookbook design is the bilinear transform of an analog prototype {@code H(s)} (given in the
 * cookbook) with the corner pre-warped, so its digital response at {@code f} equals the analog
 * response at {@code s = j tan(pi f / fs) / tan(pi f0 / fs)}.
 */
final class AnalogPrototype {
  private AnalogPrototype() {}

  /** Returns |H| in dB of one section of {@code type} at {@code frequencyHz}. */
  static double magnitudeDb(FilterType type, double f0Hz, double q, double gainDb,
      double frequencyHz, double sampleRateHz) {
    double omega = Math.tan(Math.PI * frequencyHz / sampleRateHz)
        / Math.tan(Math.PI * f0Hz / sampleRateHz);
    double a = Math.pow(10, gainDb / 40);
    double sa = Math.sqrt(a);
    // Polynomials {s^2, s^1, s^0} of numerator and denominator.
    double[] num;
    double[] den;
    switch (type) {
      case LOWPASS -> { num = new double[] {0, 0, 1}; den = new double[] {1, 1 / q, 1}; }
      case HIGHPASS -> { num = new double[] {1, 0, 0}; den = new double[] {1, 1 / q, 1}; }
      case BANDPASS -> { num = new double[] {0, 1 / q, 0}; den = new double[] {1, 1 / q, 1}; }
      case NOTCH -> { num = new double[] {1, 0, 1}; den = new double[] {1, 1 / q, 1}; }
      case PEAKING -> {
        num = new double[] {1, a / q, 1};
        den = new double[] {1, 1 / (a * q), 1};
      }
      case LOWSHELF -> {
        num = new double[] {a, a * sa / q, a * a};
        den = new double[] {a, sa / q, 1};
      }
      case HIGHSHELF -> {
        num = new double[] {a * a, a * sa / q, a};
        den = new double[] {1, sa / q, a};
      }
      default -> throw new IllegalArgumentException(type.toString());
    }
    return 20 * Math.log10(abs(num, omega) / abs(den, omega));
  }

  /** |p(j omega)| for p(s) = p[0] s^2 + p[1] s + p[2]. */
  private static double abs(double[] p, double omega) {
    return Math.hypot(p[2] - p[0] * omega * omega, p[1] * omega);
  }
}
