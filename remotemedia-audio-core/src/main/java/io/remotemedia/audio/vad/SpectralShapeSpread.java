package io.remotemedia.audio.vad;

import java.util.Arrays;

/**
 * How much the spectral shape has moved over the last {@link #HOPS} hops that were not digital
 * silence: the level of each of four bands (100 to 500 Hz, 500 to 1500 Hz, 1.5 to 3.5 kHz and
 * 3.5 to 7.2 kHz, or to the top of the band at 8 kHz) relative to their sum, in dB, and the
 * standard deviation of each over the hops, averaged over the bands. Speech moves between vowels,
 * fricatives and pauses; a steady or amplitude-modulated noise keeps its shape however loud it
 * gets. After {@link #HOPS} hops of digital silence it starts again, so that what came before a
 * gap does not count as movement after it. The sums over the hops are kept running, so a hop
 * costs the same at any window length. One instance per stream, not thread-safe; allocates
 * nothing after construction.
 */
final class SpectralShapeSpread {
  /** The hops it looks back over: 400 ms. */
  static final int HOPS = 40;
  static final double[] EDGES_HZ = {100, 500, 1500, 3500, 7200};
  private static final int BANDS = EDGES_HZ.length - 1;

  private final int[] edges = new int[EDGES_HZ.length];
  /** Per hop, each band's level relative to the sum of the bands, in dB. */
  private final float[][] shapes = new float[HOPS][BANDS];
  /** Per band, the sum and the sum of squares of its relative levels over the hops taken. */
  private final double[] sums = new double[BANDS];
  private final double[] sumsOfSquares = new double[BANDS];
  private int count;
  private int next;
  private int silentHops;

  /**
   * @param binHz the width of an FFT bin in Hz
   * @param lastBin the highest bin to count, inclusive
   */
  SpectralShapeSpread(double binHz, int lastBin) {
    for (int b = 0; b < edges.length; b++) {
      edges[b] = (int) Math.min(Math.round(EDGES_HZ[b] / binHz), lastBin + 1);
    }
  }

  void reset() {
    forget();
    silentHops = 0;
  }

  private void forget() {
    count = 0;
    next = 0;
    Arrays.fill(sums, 0);
    Arrays.fill(sumsOfSquares, 0);
  }

  /**
   * Takes one hop's power spectrum and returns the spread, in dB: 0 until two hops have been
   * taken.
   *
   * @param power the power per FFT bin
   * @param silent whether the hop's window was digital silence, which is not taken
   */
  float update(float[] power, boolean silent) {
    if (silent) {
      if (++silentHops >= HOPS) {
        forget();
      }
    } else {
      silentHops = 0;
      float[] shape = shapes[next];
      if (count == HOPS) {
        for (int b = 0; b < BANDS; b++) {
          sums[b] -= shape[b];
          sumsOfSquares[b] -= (double) shape[b] * shape[b];
        }
      }
      take(power, shape);
      for (int b = 0; b < BANDS; b++) {
        sums[b] += shape[b];
        sumsOfSquares[b] += (double) shape[b] * shape[b];
      }
      next = (next + 1) % HOPS;
      count = Math.min(count + 1, HOPS);
    }
    if (count < 2) {
      return 0f;
    }
    float spread = 0f;
    for (int b = 0; b < BANDS; b++) {
      double mean = sums[b] / count;
      spread += (float) Math.sqrt(Math.max(0, sumsOfSquares[b] / count - mean * mean));
    }
    return spread / BANDS;
  }

  private void take(float[] power, float[] shape) {
    double total = 0;
    for (int b = 0; b < BANDS; b++) {
      double e = 0;
      for (int k = edges[b]; k < edges[b + 1]; k++) {
        e += power[k];
      }
      total += e;
      shape[b] = (float) (10 * Math.log10(e + 1e-12));
    }
    float totalDb = (float) (10 * Math.log10(total + 1e-12));
    for (int b = 0; b < BANDS; b++) {
      shape[b] -= totalDb;
    }
  }
}
