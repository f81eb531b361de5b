package io.remotemedia.audio.filter;

import java.util.Arrays;

/**
 * The filter kernel: {@code stages} identical second-order sections per channel, in transposed
 * direct form II, with coefficients and state in double precision.
 *
 * <p>Why this structure: transposed direct form II keeps two state variables per section and,
 * in floating point, has the best round-off behaviour of the four direct forms (the state holds
 * partial sums of similar magnitude to the output). Why double: with poles close to z = 1 (a
 * low corner at a high rate, or a high Q) the feedback coefficients differ from 2 and 1 only in
 * their last float digits, so float coefficients and float state would move the response and
 * add round-off noise far above the 24-bit floor; in double both stay below it.
 *
 * <p>Subnormals: when the input falls silent the state decays towards zero and would reach the
 * subnormal range, where arithmetic is very slow and round-off can sustain a tiny limit cycle.
 * Every {@value #FLUSH_INTERVAL_FRAMES} frames of stream time (not per call, so chunking does
 * not change the result) any state below {@value #FLUSH_BELOW} in magnitude is set to zero;
 * that is far below anything a float output can show.
 *
 * <p>A non-finite result (NaN or infinite input) clears that channel's state and outputs 0, so
 * one bad sample does not poison the stream forever.
 *
 * <p>Not thread-safe.
 */
final class BiquadCascade {
  static final int FLUSH_INTERVAL_FRAMES = 4096;
  static final double FLUSH_BELOW = 1e-200;

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;
  private final int stages;
  private final int channels;
  /** Per channel, per stage: s1, s2. Index (channel * stages + stage) * 2. */
  private final double[] state;
  private int framesSinceFlush;

  BiquadCascade(BiquadCoefficients coefficients, int stages, int channels) {
    this.b0 = coefficients.b0();
    this.b1 = coefficients.b1();
    this.b2 = coefficients.b2();
    this.a1 = coefficients.a1();
    this.a2 = coefficients.a2();
    this.stages = stages;
    this.channels = channels;
    this.state = new double[channels * stages * 2];
  }

  /** Filters {@code frames} interleaved frames from {@code in} into {@code out}. */
  void process(float[] in, float[] out, int frames) {
    int done = 0;
    while (done < frames) {
      int run = Math.min(frames - done, FLUSH_INTERVAL_FRAMES - framesSinceFlush);
      processRun(in, out, done, run);
      done += run;
      framesSinceFlush += run;
      if (framesSinceFlush == FLUSH_INTERVAL_FRAMES) {
        flushTinyState();
        framesSinceFlush = 0;
      }
    }
  }

  private void processRun(float[] in, float[] out, int firstFrame, int frames) {
    for (int c = 0; c < channels; c++) {
      int base = c * stages * 2;
      int end = (firstFrame + frames) * channels;
      for (int i = firstFrame * channels + c; i < end; i += channels) {
        double x = in[i];
        for (int s = base; s < base + stages * 2; s += 2) {
          double y = b0 * x + state[s];
          state[s] = b1 * x - a1 * y + state[s + 1];
          state[s + 1] = b2 * x - a2 * y;
          x = y;
        }
        if (!(Math.abs(x) <= Double.MAX_VALUE)) {
          clearChannel(base);
          x = 0;
        }
        out[i] = (float) x;
      }
    }
  }

  private void clearChannel(int base) {
    for (int s = base; s < base + stages * 2; s++) {
      state[s] = 0;
    }
  }

  private void flushTinyState() {
    for (int s = 0; s < state.length; s++) {
      if (Math.abs(state[s]) < FLUSH_BELOW) {
        state[s] = 0;
      }
    }
  }

  /** Clears the state, as at the start of a stream. */
  void reset() {
    Arrays.fill(state, 0);
    framesSinceFlush = 0;
  }
}
