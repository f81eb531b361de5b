package io.remotemedia.pipeline.nodes;

/** Formats numbers for messages: whole values without a trailing ".0". */
final class NumberText {
  private NumberText() {}

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
