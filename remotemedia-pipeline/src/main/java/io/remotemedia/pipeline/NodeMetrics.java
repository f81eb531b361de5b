package io.remotemedia.pipeline;

import java.util.Map;

/**
 * Measurements of one node in one execution.
 *
 * @param nodeId the node id
 * @param nodeType the node type
 * @param wallMs time spent in the node, in milliseconds
 * @param framesIn frames the node consumed
 * @param framesOut frames the node produced, tail included
 * @param counters the node's own counters, for example {@code clipped_samples}
 */
public record NodeMetrics(
    String nodeId, String nodeType, double wallMs, long framesIn, long framesOut,
    Map<String, Double> counters) {
  /**
   * The counter of a sink whose output is in an integer sample format (I16, I32): how many of
   * its output samples were outside the format's range and were clipped onto it, as encoding
   * them would clip them. A sink in F32 has none.
   */
  public static final String OUTPUT_CLIPPED_SAMPLES = "output_clipped_samples";

  /**
   * Copies {@code counters}, so the metrics stay immutable.
   *
   * @param nodeId the node id
   * @param nodeType the node type
   * @param wallMs time spent in the node, in milliseconds
   * @param framesIn frames the node consumed
   * @param framesOut frames the node produced, tail included
   * @param counters the node's own counters, for example {@code clipped_samples}
   */
  public NodeMetrics {
    counters = Map.copyOf(counters);
  }
}
