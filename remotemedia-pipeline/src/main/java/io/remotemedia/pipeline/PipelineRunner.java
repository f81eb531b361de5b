package io.remotemedia.pipeline;

import java.util.List;

/**
 * Runs pipelines. {@link LocalPipelineRunner} runs them in this JVM; the gRPC client SDK
 * implements the same interface against a server, so switching between the two is one line.
 *
 * <pre>{@code
 * PipelineRunner runner = LocalPipelineRunner.create();
 * ExecutionResult result = runner.execute(ExecutionRequest.of(manifest, "in", input));
 * AudioBuffer out = result.audio("gain");
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface PipelineRunner {
  /**
   * Runs {@code request} to completion on whole buffers.
   *
   * @throws PipelineException when the manifest or the audio is invalid, a node fails, a limit
   *     is exceeded, or the execution times out or is cancelled; {@link PipelineException#kind()}
   *     says which
   */
  ExecutionResult execute(ExecutionRequest request);

  /** Returns the node types this runner can run, sorted by name. */
  List<NodeTypeDescription> nodeTypes();
}
