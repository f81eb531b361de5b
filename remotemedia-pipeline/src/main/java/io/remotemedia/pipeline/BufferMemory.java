package io.remotemedia.pipeline;

/**
 * A read-only view of the buffer memory a {@link LocalPipelineRunner} allows all its executions,
 * streams and explanations together ({@link LocalPipelineRunner.Builder#totalMemoryBytes}), and
 * how much of it they hold now. What operators' metrics read (the server's {@code
 * pipeline_memory_*} gauges). Each read is a snapshot.
 */
public interface BufferMemory {
  /** {@return the most bytes of buffers held at once} */
  long limitBytes();

  /** {@return the bytes of buffers held now} */
  long usedBytes();
}
