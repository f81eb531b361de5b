package io.remotemedia.audio.resample;

import io.remotemedia.audio.internal.ArrayFootprint;
import io.remotemedia.audio.internal.resample.DesignCache;

/**
 * An exact polyphase table laid out so that four successive outputs are computed together:
 * the kernel of {@link PolyphaseResampler} for rational ratios.
 *
 * <p>Successive outputs of a downsampler read overlapping input windows that start 1 or 2
 * frames apart (44.1k→32k: 441/320 frames). A group of {@link #GROUP} outputs in visit order is
 * stored tap-major over one window that covers all four: row {@code g} of the group is shifted
 * right by {@code shift[g]} input frames (zeros before and after), and tap {@code j} of the
 * four rows sits at {@code [j * 4, j * 4 + 4)}. One pass over the window then loads each input
 * sample once for four fused multiply-adds, instead of one input and one coefficient load per
 * multiply-add. Each output is two sums in a fixed order (even window taps and odd window
 * taps, first to last, then added), so a group and a single output computed by {@link #single}
 * agree bit for bit on finite input (the padding zeros add exactly nothing), whatever the
 * chunking.
 *
 * <p>The last group of the cycle may hold fewer than four rows when the phase count is not a
 * multiple of four and is 64 or more; shorter cycles are repeated instead. Immutable after
 * construction; package-private kernel.
 */
final class GroupedPolyphaseTable implements DesignCache.Sized {
  /** Outputs per group. */
  static final int GROUP = 4;
  /** Cycles shorter than this are repeated to a multiple of {@link #GROUP} rows. */
  private static final int SHORT_CYCLE = 64;

  /** Rows in the cycle: the phase count {@code L}, or a multiple of it for short cycles. */
  final int rows;
  /** Taps of one row (a multiple of 4). */
  final int tapCount;
  /**
   * Taps of one group's window: {@code tapCount} plus the largest shift in any group, rounded up
   * to even.
   */
  final int groupTaps;
  /**
   * Input frames from output {@code k}'s first tap to output {@code k + 1}'s (cyclic in {@code
   * k}).
   */
  final int[] rowAdvance;
  /** Input frames from the first tap of the group starting at row {@code k} to the next one's. */
  private final int[] groupAdvance;
  /** For row {@code k}: its shift inside its group's window. */
  private final int[] shift;
  /** {@code [group][tap][GROUP]}, zero outside each row's shifted taps. */
  private final double[] table;

  /** Regroups the exact table of {@code filter} (rows in visit order, see its Javadoc). */
  GroupedPolyphaseTable(PolyphaseFilter filter) {
    if (filter.interpolated()) {
      throw new IllegalArgumentException("GroupedPolyphaseTable needs an exact table");
    }
    int phases = filter.rowAdvance.length;
    // A short cycle whose length is not a multiple of 4 (48k→32k has 2 rows) is repeated
    // until it is, so that every group is full; a long one keeps one short group at its end.
    int repeat = phases % GROUP == 0 || phases >= SHORT_CYCLE
        ? 1 : GROUP / PolyphaseFilter.gcd(phases, GROUP);
    this.rows = phases * repeat;
    this.tapCount = filter.tapCount;
    this.rowAdvance = new int[rows];
    for (int k = 0; k < rows; k++) {
      rowAdvance[k] = filter.rowAdvance[k % phases];
    }
    int groups = (rows + GROUP - 1) / GROUP;
    this.shift = new int[rows];
    this.groupAdvance = new int[groups];
    int widest = 0;
    for (int q = 0; q < groups; q++) {
      int d = 0;
      for (int k = q * GROUP; k < Math.min(rows, (q + 1) * GROUP); k++) {
        shift[k] = d;
        widest = Math.max(widest, d);
        d += rowAdvance[k];
      }
      groupAdvance[q] = d;
    }
    // Even, for the two-taps-per-step loop of group().
    this.groupTaps = (tapCount + widest + 1) & ~1;
    this.table = new double[groups * groupTaps * GROUP];
    for (int k = 0; k < rows; k++) {
      int base = (k / GROUP) * groupTaps * GROUP + k % GROUP;
      for (int j = 0; j < tapCount; j++) {
        table[base + (j + shift[k]) * GROUP] = filter.coefficients[(k % phases) * tapCount + j];
      }
    }
  }

  /** True when row {@code k} starts a group. */
  boolean startsGroup(int k) {
    return k % GROUP == 0;
  }

  /** Outputs in the group starting at row {@code k} ({@link #GROUP}, or fewer at the cycle end). */
  int groupSize(int k) {
    return Math.min(GROUP, rows - k);
  }

  /** Input frames from the first tap of the group starting at row {@code k} to the next group's. */
  int groupAdvance(int k) {
    return groupAdvance[k / GROUP];
  }

  /**
   * The outputs of the group starting at row {@code k}, its window at {@code x[offset]} (needs
   * {@link #groupTaps} frames), written to {@code out[at]} onwards ({@link #groupSize} values).
   */
  void group(int k, double[] x, int offset, double[] out, int at) {
    double[] t = table;
    int base = (k / GROUP) * groupTaps * GROUP;
    // Two sums per output (even and odd window taps): eight independent chains keep the
    // multiply-adds in flight instead of waiting on each other's latency.
    double e0 = 0;
    double e1 = 0;
    double e2 = 0;
    double e3 = 0;
    double o0 = 0;
    double o1 = 0;
    double o2 = 0;
    double o3 = 0;
    for (int j = 0; j < groupTaps; j += 2) {
      double v = x[offset + j];
      double w = x[offset + j + 1];
      int b = base + j * GROUP;
      e0 = Math.fma(t[b], v, e0);
      e1 = Math.fma(t[b + 1], v, e1);
      e2 = Math.fma(t[b + 2], v, e2);
      e3 = Math.fma(t[b + 3], v, e3);
      o0 = Math.fma(t[b + 4], w, o0);
      o1 = Math.fma(t[b + 5], w, o1);
      o2 = Math.fma(t[b + 6], w, o2);
      o3 = Math.fma(t[b + 7], w, o3);
    }
    out[at] = e0 + o0;
    int size = groupSize(k);
    if (size > 1) {
      out[at + 1] = e1 + o1;
      if (size > 2) {
        out[at + 2] = e2 + o2;
        if (size > 3) {
          out[at + 3] = e3 + o3;
        }
      }
    }
  }

  /**
   * Output row {@code k} alone, its own first tap at {@code x[offset]} (needs {@link #tapCount}
   * frames): the same two sums, in the same order, as {@link #group} computes for it (the
   * group's zeros outside the row add exactly nothing to finite input).
   */
  double single(int k, double[] x, int offset) {
    double[] t = table;
    int d = shift[k];
    int b = (k / GROUP) * groupTaps * GROUP + k % GROUP;
    int from = offset - d;
    int end = d + tapCount;
    double even = 0;
    double odd = 0;
    int j = d;
    if ((j & 1) != 0) {
      odd = Math.fma(t[b + j * GROUP], x[from + j], odd);
      j++;
    }
    for (; j + 1 < end; j += 2) {
      even = Math.fma(t[b + j * GROUP], x[from + j], even);
      odd = Math.fma(t[b + (j + 1) * GROUP], x[from + j + 1], odd);
    }
    if (j < end) {
      even = Math.fma(t[b + j * GROUP], x[from + j], even);
    }
    return even + odd;
  }

  /** Heap held by the table and its index arrays ({@link ArrayFootprint}). */
  @Override
  public long tableBytes() {
    return ArrayFootprint.of(table) + ArrayFootprint.of(rowAdvance) + ArrayFootprint.of(shift)
        + ArrayFootprint.of(groupAdvance);
  }
}
