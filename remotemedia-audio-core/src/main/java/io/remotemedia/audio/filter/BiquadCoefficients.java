package io.remotemedia.audio.filter;

/**
 * Normalised coefficients of one second-order section,
 * {@code H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}, designed with the RBJ
 * Audio EQ Cookbook formulas (bilinear transform of the analog prototypes with the corner
 * frequency pre-warped).
 */
record BiquadCoefficients(double b0, double b1, double b2, double a1, double a2) {

  /**
   * Designs one section.
   *
   * @param frequencyHz corner or centre frequency, strictly between 0 and
   *     {@code sampleRateHz / 2}
   */
  static BiquadCoefficients design(
      FilterType type, double frequencyHz, double q, double gainDb, double sampleRateHz) {
    double w0 = 2 * Math.PI * frequencyHz / sampleRateHz;
    double cosW0 = Math.cos(w0);
    double alpha = Math.sin(w0) / (2 * q);
    double a = Math.pow(10.0, gainDb / 40.0);
    double b0;
    double b1;
    double b2;
    double a0;
    double a1;
    double a2;
    switch (type) {
      case LOWPASS -> {
        b0 = (1 - cosW0) / 2;
        b1 = 1 - cosW0;
        b2 = (1 - cosW0) / 2;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
      }
      case HIGHPASS -> {
        b0 = (1 + cosW0) / 2;
        b1 = -(1 + cosW0);
        b2 = (1 + cosW0) / 2;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
      }
      case BANDPASS -> {
        b0 = alpha;
        b1 = 0;
        b2 = -alpha;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
      }
      case NOTCH -> {
        b0 = 1;
        b1 = -2 * cosW0;
        b2 = 1;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
      }
      case PEAKING -> {
        b0 = 1 + alpha * a;
        b1 = -2 * cosW0;
        b2 = 1 - alpha * a;
        a0 = 1 + alpha / a;
        a1 = -2 * cosW0;
        a2 = 1 - alpha / a;
      }
      case LOWSHELF -> {
        double twoSqrtAAlpha = 2 * Math.sqrt(a) * alpha;
        b0 = a * ((a + 1) - (a - 1) * cosW0 + twoSqrtAAlpha);
        b1 = 2 * a * ((a - 1) - (a + 1) * cosW0);
        b2 = a * ((a + 1) - (a - 1) * cosW0 - twoSqrtAAlpha);
        a0 = (a + 1) + (a - 1) * cosW0 + twoSqrtAAlpha;
        a1 = -2 * ((a - 1) + (a + 1) * cosW0);
        a2 = (a + 1) + (a - 1) * cosW0 - twoSqrtAAlpha;
      }
      case HIGHSHELF -> {
        double twoSqrtAAlpha = 2 * Math.sqrt(a) * alpha;
        b0 = a * ((a + 1) + (a - 1) * cosW0 + twoSqrtAAlpha);
        b1 = -2 * a * ((a - 1) + (a + 1) * cosW0);
        b2 = a * ((a + 1) + (a - 1) * cosW0 - twoSqrtAAlpha);
        a0 = (a + 1) - (a - 1) * cosW0 + twoSqrtAAlpha;
        a1 = 2 * ((a - 1) - (a + 1) * cosW0);
        a2 = (a + 1) - (a - 1) * cosW0 - twoSqrtAAlpha;
      }
      default -> throw new IllegalArgumentException("unknown filter type " + type);
    }
    return new BiquadCoefficients(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
  }
}
