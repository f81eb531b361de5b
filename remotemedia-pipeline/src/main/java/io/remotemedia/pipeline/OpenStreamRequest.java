package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Objects;

/**
 * What a stream runs: a manifest with exactly one source node, the format of every chunk, and
 * limits. For a stream, {@link ExecutionLimits#timeoutMs()} is the longest the session may
 * stay open.
 *
 * @param manifest the pipeline
 * @param inputFormat the format of every chunk pushed
 * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
 */
public record OpenStreamRequest(
    PipelineManifest manifest, AudioFormat inputFormat, ExecutionLimits limits) {

  /**
   * Validates the request.
   *
   * @param manifest the pipeline
   * @param inputFormat the format of every chunk pushed
   * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
   * @throws NullPointerException if a required component is null
   */
  public OpenStreamRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(inputFormat, "inputFormat");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * {@return a stream under the runner's default limits}
   *
   * @param manifest the pipeline to run; it must have exactly one source
   * @param inputFormat the format of every chunk the caller will push
   */
  public static OpenStreamRequest of(PipelineManifest manifest, AudioFormat inputFormat) {
    return new OpenStreamRequest(manifest, inputFormat, ExecutionLimits.UNSET);
  }
}
