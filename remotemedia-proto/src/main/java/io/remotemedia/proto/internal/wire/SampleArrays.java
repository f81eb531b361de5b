package io.remotemedia.proto.internal.wire;

/**
 * Gives the arrays that decoded PCM samples are written into. A server may hand out arrays it
 * reuses from call to call ({@link #NEW} allocates each one).
 */
@FunctionalInterface
public interface SampleArrays {
  /** A new array of exactly the size asked for each time. */
  SampleArrays NEW = float[]::new;

  /**
   * {@return an array of at least {@code samples} values, every value from index {@code
   * samples} on zero} The decoder writes the first {@code samples}; nobody else may use the
   * array until its caller has done with the decoded audio.
   *
   * @param samples how many samples will be decoded; at least 0
   */
  float[] take(int samples);
}
