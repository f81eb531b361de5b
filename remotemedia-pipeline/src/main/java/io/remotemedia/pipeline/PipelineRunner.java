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
   * @param request the manifest, the input audio per source and the requested limits
   * @return the audio of every sink, the data outputs, and the metrics of the run
   * @throws PipelineException when the manifest or the audio is invalid, a node fails, a limit
   *     is exceeded, the runner is busy, or the execution times out or is cancelled;
   *     {@link PipelineException#kind()} says which
   */
  ExecutionResult execute(ExecutionRequest request);

  /**
   * Opens a live streaming session. Close it (or {@link PipelineStream#finish()} it) to free
   * its slot. Planning the session's pipeline costs what an execution's plan costs (it designs
   * filters and sizes buffers), so a runner may count it as an execution while it plans.
   *
   * @param request the manifest, the format of the chunks to come and the requested limits
   * @return the open session; the caller pushes chunks from one thread at a time and closes it
   * @throws PipelineException when the manifest is invalid, does not have exactly one source,
   *     cannot take the input format, the runner is busy, or the open is cancelled
   *     (interrupted) while it waits or plans
   */
  PipelineStream openStream(OpenStreamRequest request);

  /**
   * Dry-runs a manifest: the execution order, the format on every edge, the latencies, the
   * memory estimate, and whether the request would be admitted. Runs no audio, but plans as
   * an execution does (it designs filters and sizes buffers), so a runner may count it as one.
   *
   * @param request the manifest, the format and length of each source's input, and the limits
   * @return the plan: order, formats, latencies, memory estimate and admission
   * @throws PipelineException VALIDATION when the manifest or the formats do not fit; BUSY
   *     when the runner is busy
   */
  Explanation explain(ExplainRequest request);

  /** {@return the node types this runner can run, sorted by name} */
  List<NodeTypeDescription> nodeTypes();
}
