package io.remotemedia.pipeline.internal.execution;

/**
 * Sums and products of byte and sample counts that stick at {@code Long.MAX_VALUE} instead of
 * wrapping. Estimates are made for what a client declares (Explain takes up to 2^63 - 1 frames,
 * a manifest's node may declare buffers of any size): a figure that overflowed would wrap to a
 * small or negative one and be admitted, where {@code Long.MAX_VALUE} is over every limit. Both
 * operands are never negative.
 */
final class Saturating {
  private Saturating() {}

  static long product(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }

  static long sum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
