package io.remotemedia.audio.resample;

import java.util.Arrays;

/**
 * The streaming state of one resampled stream: per-channel input history in double precision,
 * and the exact position of the next output instant.
 *
 * <p>Output frame {@code n} sits at input time {@code t = n * M / L}. It is the sum over input
 * frames {@code k} of {@code x[k] * h(k - t)}, with {@code h} centred on 0, so the filter delay
 * is compensated by construction: frame {@code n} is written as soon as the input up to {@code
 * t + halfWidth} has arrived, and {@link #finish} writes the rest with zeros past the end, up
 * to {@code round(inputFrames * L / M)} frames in total. The result depends only on the input
 * samples, never on how they were chunked.
 *
 * <p>Position bookkeeping is exact integer arithmetic: {@code firstInput} is the input frame
 * under tap 0 of the next output and {@code phaseAcc / L} its (fractional) table phase.
 * Not thread-safe; package-private kernel.
 */
final class PolyphaseResampler implements ResampleKernel {
  private final PolyphaseFilter filter;
  private final int channels;
  private final int tapCount;
  private final long up;
  private final long phaseStep;
  private final long phaseWrap;
  private final double[][] history;
  /** Absolute input frame index of {@code history[c][0]}; negative at the start (zeros). */
  private long historyStart;
  private int historyLength;
  private long firstInput;
  private long phaseAcc;
  /** Exact tables: the visit row of the next output. */
  private int visit;
  private long inputFrames;
  private long outputFrames;

  PolyphaseResampler(PolyphaseFilter filter, int channels, int maxInputFrames) {
    this.filter = filter;
    this.channels = channels;
    this.tapCount = filter.tapCount;
    this.up = filter.upFactor;
    this.phaseStep = (long) filter.downFactor * filter.phaseCount;
    this.phaseWrap = (long) filter.phaseCount * filter.upFactor;
    // Room for a full chunk plus the taps kept from before it and the zeros of the flush.
    int capacity = maxInputFrames + 2 * tapCount + 64;
    this.history = new double[channels][capacity];
    reset();
  }

  @Override
  public void reset() {
    for (double[] h : history) {
      Arrays.fill(h, 0.0);
    }
    // Output 0 is at t = 0: tap 0 covers input frame -floor(half / P), at phase half mod P.
    firstInput = -(filter.half / filter.phaseCount);
    phaseAcc = (long) (filter.half % filter.phaseCount) * up;
    visit = 0;
    historyStart = firstInput;
    historyLength = (int) -firstInput;
    inputFrames = 0;
    outputFrames = 0;
  }

  @Override
  public long maxOutputFrames(int frames) {
    return ((long) frames * filter.upFactor + filter.downFactor - 1) / filter.downFactor + 1;
  }

  @Override
  public long maxFinishFrames() {
    double tail = (tapCount - filter.halfWidthFrames()) * filter.upFactor / filter.downFactor;
    return (long) Math.ceil(tail) + 2;
  }

  @Override
  public int latencyFrames() {
    return (int) Math.ceil(filter.halfWidthFrames() * filter.upFactor / filter.downFactor);
  }

  @Override
  public long tableBytes() {
    return filter.tableBytes();
  }

  long outputFrames() {
    return outputFrames;
  }

  long inputFrames() {
    return inputFrames;
  }

  @Override
  public int process(float[] in, int frames, float[] out) {
    append(in, frames);
    return produce(out, 0, Long.MAX_VALUE);
  }

  @Override
  public int finish(float[] out) {
    long total = (2 * inputFrames * filter.upFactor + filter.downFactor)
        / (2L * filter.downFactor);
    int written = 0;
    while (outputFrames < total) {
      padForNextOutput();
      written += produce(out, written, total - outputFrames);
    }
    reset();
    return written;
  }

  /** Appends {@code frames} interleaved frames to the history. */
  void append(float[] in, int frames) {
    makeRoom(frames);
    int at = historyLength;
    if (channels == 1) {
      // Unit stride: the JIT vectorizes the widening copy.
      double[] h = history[0];
      for (int i = 0; i < frames; i++) {
        h[at + i] = in[i];
      }
    } else {
      for (int c = 0; c < channels; c++) {
        double[] h = history[c];
        for (int i = 0, s = c; i < frames; i++, s += channels) {
          h[at + i] = in[s];
        }
      }
    }
    historyLength += frames;
    inputFrames += frames;
  }

  /** Appends zeros (past the end of the stream) until the next output is complete. */
  void padForNextOutput() {
    long needed = firstInput + tapCount - (historyStart + historyLength);
    if (needed > 0) {
      int zeros = (int) Math.min(needed, history[0].length - tapCount - 1);
      makeRoom(zeros);
      for (double[] h : history) {
        Arrays.fill(h, historyLength, historyLength + zeros, 0.0);
      }
      historyLength += zeros;
    }
  }

  /** Writes up to {@code limit} complete outputs, interleaved, from frame {@code startFrame}. */
  int produce(float[] out, int startFrame, long limit) {
    if (filter.slopes == null) {
      return produceExact(out, startFrame, limit);
    }
    long available = historyStart + historyLength;
    int written = 0;
    int o = startFrame * channels;
    while (written < limit && firstInput + tapCount <= available) {
      int offset = (int) (firstInput - historyStart);
      int phase = (int) (phaseAcc / up);
      double fraction = (double) (phaseAcc - phase * up) / up;
      for (int c = 0; c < channels; c++) {
        out[o++] = (float) sample(history[c], phase * tapCount, offset, fraction);
      }
      written++;
      advance();
    }
    outputFrames += written;
    return written;
  }

  /** Writes up to {@code limit} complete outputs, per channel in double, from {@code start}. */
  int produce(double[][] out, int start, long limit) {
    if (filter.slopes == null) {
      return produceExact(out, start, limit);
    }
    long available = historyStart + historyLength;
    int written = 0;
    while (written < limit && firstInput + tapCount <= available) {
      int offset = (int) (firstInput - historyStart);
      int phase = (int) (phaseAcc / up);
      double fraction = (double) (phaseAcc - phase * up) / up;
      for (int c = 0; c < channels; c++) {
        out[c][start + written] = sample(history[c], phase * tapCount, offset, fraction);
      }
      written++;
      advance();
    }
    outputFrames += written;
    return written;
  }

  /**
   * The exact-table case ({@code P = L}): rows are stored in visit order, so the next output
   * takes the next row and advances by a precomputed number of input frames; no division.
   */
  private int produceExact(float[] out, int startFrame, long limit) {
    double[] coefficients = filter.coefficients;
    int[] advance = filter.rowAdvance;
    int rows = advance.length;
    int k = visit;
    int offset = (int) (firstInput - historyStart);
    int end = historyLength - tapCount;
    int count = (int) Math.min(limit, Integer.MAX_VALUE);
    int written = 0;
    int o = startFrame * channels;
    while (written < count && offset <= end) {
      int row = k * tapCount;
      for (int c = 0; c < channels; c++) {
        out[o++] = (float) dot(coefficients, row, history[c], offset, tapCount);
      }
      written++;
      offset += advance[k];
      if (++k == rows) {
        k = 0;
      }
    }
    visit = k;
    firstInput = historyStart + offset;
    outputFrames += written;
    return written;
  }

  private int produceExact(double[][] out, int start, long limit) {
    double[] coefficients = filter.coefficients;
    int[] advance = filter.rowAdvance;
    int rows = advance.length;
    int k = visit;
    int offset = (int) (firstInput - historyStart);
    int end = historyLength - tapCount;
    int count = (int) Math.min(limit, Integer.MAX_VALUE);
    int written = 0;
    while (written < count && offset <= end) {
      int row = k * tapCount;
      for (int c = 0; c < channels; c++) {
        out[c][start + written] = dot(coefficients, row, history[c], offset, tapCount);
      }
      written++;
      offset += advance[k];
      if (++k == rows) {
        k = 0;
      }
    }
    visit = k;
    firstInput = historyStart + offset;
    outputFrames += written;
    return written;
  }

  private double sample(double[] x, int row, int offset, double fraction) {
    double value = dot(filter.coefficients, row, x, offset, tapCount);
    if (filter.slopes != null) {
      value += fraction * dot(filter.slopes, row, x, offset, tapCount)
          + fraction * (fraction - 1) * 0.5 * dot(filter.curvatures, row, x, offset, tapCount);
    }
    return value;
  }

  private void advance() {
    phaseAcc -= phaseStep;
    if (phaseAcc < 0) {
      long wraps = (-phaseAcc + phaseWrap - 1) / phaseWrap;
      phaseAcc += wraps * phaseWrap;
      firstInput += wraps;
    }
  }

  /**
   * Four independent fused multiply-add chains over a row whose length is a multiple of 4: the
   * chains overlap instead of waiting on one another, each step rounds once, and the order of
   * the terms is fixed (results do not depend on chunking).
   */
  private static double dot(double[] c, int co, double[] x, int xo, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int j = 0; j < n; j += 4) {
      s0 = Math.fma(c[co + j], x[xo + j], s0);
      s1 = Math.fma(c[co + j + 1], x[xo + j + 1], s1);
      s2 = Math.fma(c[co + j + 2], x[xo + j + 2], s2);
      s3 = Math.fma(c[co + j + 3], x[xo + j + 3], s3);
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Drops history no future output reads, so that {@code frames} more fit. */
  private void makeRoom(int frames) {
    int capacity = history[0].length;
    if (historyLength + frames <= capacity) {
      return;
    }
    int keepFrom = (int) (firstInput - historyStart);
    int keep = historyLength - keepFrom;
    for (double[] h : history) {
      System.arraycopy(h, keepFrom, h, 0, keep);
    }
    historyStart = firstInput;
    historyLength = keep;
    if (historyLength + frames > capacity) {
      throw new IllegalStateException("resampler history overflow: " + historyLength + " + "
          + frames + " > " + capacity);
    }
  }
}
