package io.remotemedia.pipeline;

/**
 * Limits for every node of one type, on top of the execution-wide {@link ExecutionLimits}: for
 * example a tighter timeout and memory cap for {@code AudioResample}. A value of 0 means "no
 * limit of this kind".
 *
 * <pre>{@code
 * LocalPipelineRunner.builder()
 *     .nodeLimits("AudioResample", new NodeTypeLimits(5_000, 16L << 20))
 *     .build();
 * }</pre>
 *
 * @param timeoutMs the most time one node of this type may spend processing in one execution
 *     or stream, in ms
 * @param maxMemoryBytes the most bytes of buffers one node of this type may hold: its own (what
 *     {@code AudioNode.bufferBytes} declares) and the executor's for it (output, staging and a
 *     fan-in node's first queues), checked before they are allocated
 */
public record NodeTypeLimits(long timeoutMs, long maxMemoryBytes) {
  /**
   * Validates the limits.
   *
   * @param timeoutMs the most time one node of this type may spend processing in one execution or
   *     stream, in ms
   * @param maxMemoryBytes the most bytes of buffers one node of this type may hold: its own and
   *     the executor's for it, checked before they are allocated
   * @throws IllegalArgumentException if a value is negative
   */
  public NodeTypeLimits {
    if (timeoutMs < 0 || maxMemoryBytes < 0) {
      throw new IllegalArgumentException("node limits must be >= 0, were timeoutMs="
          + timeoutMs + ", maxMemoryBytes=" + maxMemoryBytes);
    }
  }
}
