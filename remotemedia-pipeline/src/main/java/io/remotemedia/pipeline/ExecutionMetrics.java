package io.remotemedia.pipeline;

import java.util.List;

/**
 * Measurements of one execution.
 *
 * @param wallMs wall-clock time in milliseconds
 * @param cpuMs CPU time of the executing thread in milliseconds
 * @param allocatedBytes heap bytes the executing thread allocated; 0 where the JVM does not
 *     count them
 * @param nodes per node, in execution order
 * @param serializationMs time spent converting audio to and from the wire, in milliseconds;
 *     0 for a local run
 */
public record ExecutionMetrics(
    double wallMs, double cpuMs, long allocatedBytes, List<NodeMetrics> nodes,
    double serializationMs) {

  /**
   * Copies {@code nodes}, so the metrics stay immutable.
   *
   * @param wallMs wall-clock time in milliseconds
   * @param cpuMs CPU time of the executing thread in milliseconds
   * @param allocatedBytes heap bytes the executing thread allocated; 0 where the JVM does not count
   *     them
   * @param nodes per node, in execution order
   * @param serializationMs time spent converting audio to and from the wire, in milliseconds; 0 for
   *     a local run
   */
  public ExecutionMetrics {
    nodes = List.copyOf(nodes);
  }

  /**
   * {@return these metrics with the serialization time set}
   *
   * @param ms the time spent encoding and decoding the request and result, in ms
   */
  public ExecutionMetrics withSerializationMs(double ms) {
    return new ExecutionMetrics(wallMs, cpuMs, allocatedBytes, nodes, ms);
  }
}
