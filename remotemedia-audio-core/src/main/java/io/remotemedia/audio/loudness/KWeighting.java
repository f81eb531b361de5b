package io.remotemedia.audio.loudness;

import java.util.Arrays;

/**
 * The BS.1770 K-weighting filter for one channel group: a high-shelf pre-filter (the head's
 * acoustic effect) then the RLB high-pass, both in transposed direct form II with double
 * state.
 *
 * <p>BS.1770 tabulates the coefficients for 48 kHz only. As libebur128 does, they are
 * re-derived here for any rate from the analog prototypes those 48 kHz filters are the
 * bilinear transforms of (shelf: f0 = 1681.97 Hz, G = 4.0 dB, Q = 0.7072; high-pass:
 * f0 = 38.135 Hz, Q = 0.5003), so at 48 kHz they reproduce the table (to about 1e-8).
 *
 * <p>A non-finite result clears that channel's state and counts as silence. Not thread-safe.
 */
final class KWeighting {
  private static final double SHELF_F0_HZ = 1681.974450955533;
  private static final double SHELF_GAIN_DB = 3.999843853973347;
  private static final double SHELF_Q = 0.7071752369554196;
  private static final double SHELF_VB_EXPONENT = 0.4996667741545416;
  private static final double HIGH_PASS_F0_HZ = 38.13547087602444;
  private static final double HIGH_PASS_Q = 0.5003270373238773;

  /** Stage 1 then stage 2, each {b0, b1, b2, a1, a2}, normalised by a0. */
  private final double[] shelf;
  private final double[] highPass;
  /** Per channel: shelf s1, s2, high-pass s1, s2. */
  private final double[] state;
  private final int channels;

  KWeighting(int sampleRateHz, int channels) {
    this.shelf = shelfCoefficients(sampleRateHz);
    this.highPass = highPassCoefficients(sampleRateHz);
    this.channels = channels;
    this.state = new double[channels * 4];
  }

  /** Returns {b0, b1, b2, a1, a2} of the pre-filter (high shelf) at {@code sampleRateHz}. */
  static double[] shelfCoefficients(double sampleRateHz) {
    double k = Math.tan(Math.PI * SHELF_F0_HZ / sampleRateHz);
    double vh = Math.pow(10.0, SHELF_GAIN_DB / 20.0);
    double vb = Math.pow(vh, SHELF_VB_EXPONENT);
    double a0 = 1.0 + k / SHELF_Q + k * k;
    return new double[] {
        (vh + vb * k / SHELF_Q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / SHELF_Q + k * k) / a0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / SHELF_Q + k * k) / a0};
  }

  /**
   * Returns {b0, b1, b2, a1, a2} of the RLB high-pass at {@code sampleRateHz}. The numerator
   * is (1, -2, 1), not divided by a0, exactly as in the BS.1770 table; the resulting passband
   * gain is part of the K-weighting that the -0.691 dB of the loudness formula calibrates.
   */
  static double[] highPassCoefficients(double sampleRateHz) {
    double k = Math.tan(Math.PI * HIGH_PASS_F0_HZ / sampleRateHz);
    double a0 = 1.0 + k / HIGH_PASS_Q + k * k;
    return new double[] {
        1.0, -2.0, 1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / HIGH_PASS_Q + k * k) / a0};
  }

  /**
   * Filters one channel's sample and returns the K-weighted value.
   *
   * @param channel 0 to channels - 1
   */
  double filter(int channel, double x) {
    int s = channel * 4;
    double y = shelf[0] * x + state[s];
    state[s] = shelf[1] * x - shelf[3] * y + state[s + 1];
    state[s + 1] = shelf[2] * x - shelf[4] * y;
    double z = highPass[0] * y + state[s + 2];
    state[s + 2] = highPass[1] * y - highPass[3] * z + state[s + 3];
    state[s + 3] = highPass[2] * y - highPass[4] * z;
    if (!(Math.abs(z) <= Double.MAX_VALUE)) {
      for (int i = s; i < s + 4; i++) {
        state[i] = 0;
      }
      return 0;
    }
    return z;
  }

  /** Returns the channel count. */
  int channels() {
    return channels;
  }

  /** Clears the state. */
  void reset() {
    Arrays.fill(state, 0);
  }
}
