package io.remotemedia.audio.framing;

/**
 * Decides whether a window is silent: its mean square over all samples (channels pooled)
 * below {@code 10^(thresholdDbfs / 10)}, that is an RMS below the threshold in dBFS (re 1.0).
 * A window containing NaN is not silent (the comparison fails), so bad input is kept.
 */
final class SilenceDetector {
  private final double thresholdMeanSquare;

  SilenceDetector(double thresholdDbfs) {
    this.thresholdMeanSquare = Math.pow(10, thresholdDbfs / 10);
  }

  /** Returns true when samples {@code [from, from + count)} of {@code x} are silent. */
  boolean isSilent(float[] x, int from, int count) {
    double sum = 0;
    for (int i = from; i < from + count; i++) {
      sum += (double) x[i] * x[i];
    }
    return sum / count < thresholdMeanSquare;
  }
}
