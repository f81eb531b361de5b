package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a manifest, the input audio of each source node, and optional limits.
 *
 * <pre>{@code
 * ExecutionRequest request = ExecutionRequest.of(manifest, "in", AudioBuffer.of(format, samples));
 * }</pre>
 *
 * @param manifest the pipeline
 * @param inputs input audio keyed by source node id; one per source node
 * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
 */
public record ExecutionRequest(
    PipelineManifest manifest, Map<String, AudioBuffer> inputs, ExecutionLimits limits) {

  /**
   * Validates the request and copies {@code inputs}.
   *
   * @param manifest the pipeline
   * @param inputs input audio keyed by source node id; one per source node
   * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
   * @throws NullPointerException if the manifest, the inputs or the limits are null
   */
  public ExecutionRequest {
    Objects.requireNonNull(manifest, "manifest");
    inputs = Map.copyOf(inputs);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * {@return a request with one input and the runner's default limits}
   *
   * @param manifest the pipeline to run
   * @param sourceId the id of the manifest's source node that reads {@code in}
   * @param in the audio for that source
   */
  public static ExecutionRequest of(PipelineManifest manifest, String sourceId, AudioBuffer in) {
    return new ExecutionRequest(manifest, Map.of(sourceId, in), ExecutionLimits.UNSET);
  }
}
