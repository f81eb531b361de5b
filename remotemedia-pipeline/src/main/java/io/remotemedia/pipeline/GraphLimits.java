package io.remotemedia.pipeline;

/**
 * Bounds on a manifest's size, checked when it is compiled.
 *
 * @param maxNodes the most nodes a pipeline may have
 * @param maxParamValues the most values (scalars, lists and objects, counted recursively) one
 *     node's params may hold
 */
public record GraphLimits(int maxNodes, int maxParamValues) {
  /** 256 nodes, 4096 values of params per node. */
  public static final GraphLimits DEFAULTS = new GraphLimits(256, 4096);

  /**
   * Validates the limits.
   *
   * @param maxNodes the most nodes a pipeline may have
   * @param maxParamValues the most values (scalars, lists and objects, counted recursively) one
   *     node's params may hold
   * @throws IllegalArgumentException if a limit is below its minimum
   */
  public GraphLimits {
    if (maxNodes < 1) {
      throw new IllegalArgumentException("maxNodes must be >= 1, was " + maxNodes);
    }
    if (maxParamValues < 1) {
      throw new IllegalArgumentException("maxParamValues must be >= 1, was " + maxParamValues);
    }
  }
}
