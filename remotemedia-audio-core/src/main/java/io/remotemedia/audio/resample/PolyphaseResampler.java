package io.remotemedia.audio.resample;

import io.remotemedia.audio.internal.ArrayFootprint;
import io.remotemedia.audio.internal.resample.DesignCache;
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
 * under tap 0 of the next output and {@code phaseAcc / L} its (fractional) table phase. Exact
 * ratios compute four outputs at a time with a {@link GroupedPolyphaseTable} (one output at a
 * time only where a group's input is incomplete); awkward ratios interpolate between the phases
 * of the filter's coarser table. Outputs are produced per channel in double; {@link #process}
 * rounds them to interleaved float through a small scratch buffer.
 * Not thread-safe; package-private kernel.
 */
final class PolyphaseResampler implements ResampleKernel {
  /** Frames of the scratch buffer between the double outputs and the float output. */
  private static final int SCRATCH_FRAMES = 256;
  /**
   * Input frames taken into the history at a time: a long chunk is filtered in pieces of this
   * size, so the history stays small (a few tens of KB per channel, in cache) however long the
   * chunk is. The result does not depend on it.
   */
  private static final int BLOCK_FRAMES = 4096;

  /** Exact ratios: the grouped table; null when interpolated. */
  private final GroupedPolyphaseTable grouped;
  /** Interpolated ratios: the filter with its slopes and curvatures; null when exact. */
  private final PolyphaseFilter interpolated;
  private final int channels;
  private final int tapCount;
  private final int upFactor;
  private final int downFactor;
  private final int phaseCount;
  private final int half;
  private final double halfWidthFrames;
  private final long tableBytes;
  private final long phaseStep;
  private final long phaseWrap;
  private final double[][] history;
  private final double[][] scratch;
  /** Frames appended to the history at a time: BLOCK_FRAMES, or less for short chunks. */
  private final int blockFrames;
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
    // Only the table the kernel reads is kept: an exact filter's own rows are dropped.
    this.grouped = filter.interpolated() ? null : grouped(filter);
    this.interpolated = filter.interpolated() ? filter : null;
    this.tableBytes = tableBytes(filter);
    this.channels = channels;
    this.tapCount = filter.tapCount;
    this.upFactor = filter.upFactor;
    this.downFactor = filter.downFactor;
    this.phaseCount = filter.phaseCount;
    this.half = filter.half;
    this.halfWidthFrames = filter.halfWidthFrames();
    this.phaseStep = (long) downFactor * phaseCount;
    this.phaseWrap = (long) phaseCount * upFactor;
    this.blockFrames = blockFramesFor(maxInputFrames);
    this.history = new double[channels][historyFrames(filter, blockFrames)];
    this.scratch = new double[channels][SCRATCH_FRAMES];
    reset();
  }

  /** The frames an instance for chunks of {@code maxInputFrames} appends at a time. */
  static int blockFramesFor(int maxInputFrames) {
    return Math.max(1, Math.min(maxInputFrames, BLOCK_FRAMES));
  }

  /** Room for a block plus the taps kept from before it and the zeros of the flush. */
  private static int historyFrames(PolyphaseFilter filter, int blockFrames) {
    return blockFrames + 2 * filter.tapCount + 64;
  }

  /**
   * The heap an instance of these arguments keeps ({@link ArrayFootprint}): each channel's
   * history (a block's worth, see {@link #BLOCK_FRAMES}) and scratch, and the table it reads.
   * Instances of one design share that table through the {@link DesignCache}, but each keeps
   * it alive, and a pipeline of many odd rate pairs holds as many tables, so it is counted for
   * each.
   */
  static long bufferBytes(PolyphaseFilter filter, int channels, int maxInputFrames) {
    return channels
        * (ArrayFootprint.ofDoubles(historyFrames(filter, blockFramesFor(maxInputFrames)))
            + ArrayFootprint.ofDoubles(SCRATCH_FRAMES)) + tableBytes(filter);
  }

  /** The table an exact filter's kernel reads, rows grouped for it; shared by design. */
  private static GroupedPolyphaseTable grouped(PolyphaseFilter filter) {
    return DesignCache.get(
        new DesignCache.DerivedKey(filter.designKey, GroupedPolyphaseTable.class),
        GroupedPolyphaseTable.class, () -> new GroupedPolyphaseTable(filter));
  }

  /** The bytes of the table an instance of {@code filter} reads. */
  private static long tableBytes(PolyphaseFilter filter) {
    return filter.interpolated() ? filter.tableBytes() : grouped(filter).tableBytes();
  }

  /** {@link #maxOutputFrames} of an instance of {@code filter}, without one. */
  static long maxOutputFrames(PolyphaseFilter filter, int frames) {
    return outputFrames(filter.upFactor, filter.downFactor, frames);
  }

  private static long outputFrames(long upFactor, long downFactor, int frames) {
    return (frames * upFactor + downFactor - 1) / downFactor + 1;
  }

  @Override
  public void reset() {
    for (double[] h : history) {
      Arrays.fill(h, 0.0);
    }
    // Output 0 is at t = 0: tap 0 covers input frame -floor(half / P), at phase half mod P.
    firstInput = -(half / phaseCount);
    phaseAcc = (long) (half % phaseCount) * upFactor;
    visit = 0;
    historyStart = firstInput;
    historyLength = (int) -firstInput;
    inputFrames = 0;
    outputFrames = 0;
  }

  @Override
  public long maxOutputFrames(int frames) {
    return outputFrames(upFactor, downFactor, frames);
  }

  @Override
  public long maxFinishFrames() {
    double tail = (tapCount - halfWidthFrames) * upFactor / downFactor;
    return (long) Math.ceil(tail) + 2;
  }

  @Override
  public int latencyFrames() {
    return (int) Math.ceil(halfWidthFrames * upFactor / downFactor);
  }

  @Override
  public long tableBytes() {
    return tableBytes;
  }

  long outputFrames() {
    return outputFrames;
  }

  long inputFrames() {
    return inputFrames;
  }

  @Override
  public int process(float[] in, int frames, float[] out) {
    int written = 0;
    for (int from = 0; from < frames; ) {
      int n = Math.min(blockFrames, frames - from);
      append(in, from, n);
      from += n;
      written += produceAll(out, written);
    }
    return written;
  }

  /** Writes every output the history completes, interleaved, from frame {@code at}. */
  private int produceAll(float[] out, int at) {
    int written = 0;
    while (true) {
      int n = produce(scratch, 0, SCRATCH_FRAMES);
      interleave(n, out, at + written);
      written += n;
      if (n < SCRATCH_FRAMES) {
        return written;
      }
    }
  }

  /** The most frames one {@link #append} takes. */
  int blockFrames() {
    return blockFrames;
  }

  @Override
  public int finish(float[] out) {
    long total = (2 * inputFrames * upFactor + downFactor) / (2L * downFactor);
    int written = 0;
    while (outputFrames < total) {
      padForNextOutput();
      int n = produce(scratch, 0, Math.min(SCRATCH_FRAMES, total - outputFrames));
      interleave(n, out, written);
      written += n;
    }
    reset();
    return written;
  }

  /** Rounds {@code frames} scratch frames to float, interleaved, from frame {@code at}. */
  private void interleave(int frames, float[] out, int at) {
    if (channels == 1) {
      double[] s = scratch[0];
      for (int i = 0; i < frames; i++) {
        out[at + i] = (float) s[i];
      }
      return;
    }
    for (int c = 0; c < channels; c++) {
      double[] s = scratch[c];
      for (int i = 0, o = at * channels + c; i < frames; i++, o += channels) {
        out[o] = (float) s[i];
      }
    }
  }

  /**
   * Appends {@code frames} (at most {@link #blockFrames}) interleaved frames to the history,
   * from frame {@code from} of {@code in}.
   */
  void append(float[] in, int from, int frames) {
    makeRoom(frames);
    int at = historyLength;
    if (channels == 1) {
      // Unit stride: the JIT vectorizes the widening copy.
      double[] h = history[0];
      for (int i = 0; i < frames; i++) {
        h[at + i] = in[from + i];
      }
    } else {
      for (int c = 0; c < channels; c++) {
        double[] h = history[c];
        for (int i = 0, s = from * channels + c; i < frames; i++, s += channels) {
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

  /**
   * Writes up to {@code limit} complete outputs, per channel in double, to {@code out[c]} from
   * index {@code start}; returns how many.
   */
  int produce(double[][] out, int start, long limit) {
    if (grouped == null) {
      return produceInterpolated(out, start, limit);
    }
    GroupedPolyphaseTable table = grouped;
    int rows = table.rows;
    int k = visit;
    int offset = (int) (firstInput - historyStart);
    int groupEnd = historyLength - table.groupTaps;
    int singleEnd = historyLength - tapCount;
    int count = (int) Math.min(limit, Integer.MAX_VALUE);
    int written = 0;
    while (written < count) {
      if (table.startsGroup(k) && offset <= groupEnd && count - written >= table.groupSize(k)) {
        for (int c = 0; c < channels; c++) {
          table.group(k, history[c], offset, out[c], start + written);
        }
        int size = table.groupSize(k);
        written += size;
        offset += table.groupAdvance(k);
        k += size;
      } else if (offset <= singleEnd) {
        for (int c = 0; c < channels; c++) {
          out[c][start + written] = table.single(k, history[c], offset);
        }
        written++;
        offset += table.rowAdvance[k];
        k++;
      } else {
        break;
      }
      if (k == rows) {
        k = 0;
      }
    }
    visit = k;
    firstInput = historyStart + offset;
    outputFrames += written;
    return written;
  }

  /** {@link #produce} for an interpolated table: three dot products per output. */
  private int produceInterpolated(double[][] out, int start, long limit) {
    long available = historyStart + historyLength;
    int written = 0;
    while (written < limit && firstInput + tapCount <= available) {
      int offset = (int) (firstInput - historyStart);
      int phase = (int) (phaseAcc / upFactor);
      double fraction = (double) (phaseAcc - phase * upFactor) / upFactor;
      for (int c = 0; c < channels; c++) {
        out[c][start + written] = sample(history[c], phase * tapCount, offset, fraction);
      }
      written++;
      advance();
    }
    outputFrames += written;
    return written;
  }

  private double sample(double[] x, int row, int offset, double fraction) {
    PolyphaseFilter f = interpolated;
    double value = dot(f.coefficients, row, x, offset, tapCount);
    return value + (fraction * dot(f.slopes, row, x, offset, tapCount)
        + fraction * (fraction - 1) * 0.5 * dot(f.curvatures, row, x, offset, tapCount));
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
