package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Map;
import java.util.Objects;

/**
 * What to explain: a manifest, the format of each source's input, optionally how many frames
 * each source will get (for the memory estimate), and the limits the request would ask for.
 *
 * @param manifest the pipeline
 * @param inputFormats the input format of each source node
 * @param inputFrames frames per source node, each {@code >= 0}; absent sources count as 0
 * @param limits the limits the request would ask for
 */
public record ExplainRequest(
    PipelineManifest manifest,
    Map<String, AudioFormat> inputFormats,
    Map<String, Long> inputFrames,
    ExecutionLimits limits) {

  /**
   * Validates the request.
   *
   * @param manifest the pipeline
   * @param inputFormats the input format of each source node
   * @param inputFrames frames per source node, each {@code >= 0}; absent sources count as 0
   * @param limits the limits the request would ask for
   * @throws NullPointerException if a required component is null
   */
  public ExplainRequest {
    Objects.requireNonNull(manifest, "manifest");
    inputFormats = Map.copyOf(inputFormats);
    inputFrames = Map.copyOf(inputFrames);
    inputFrames.forEach((id, frames) -> {
      if (frames < 0) {
        throw new IllegalArgumentException("inputFrames[\"" + id + "\"] must be >= 0, was "
            + frames);
      }
    });
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * {@return a request for one source with a format and a frame count, under default limits}
   *
   * @param manifest the pipeline to explain
   * @param sourceId the id of the manifest's source node
   * @param format the format of that source's input
   * @param frames the length of that input in frames, for the memory estimate; 0 or more
   */
  public static ExplainRequest of(
      PipelineManifest manifest, String sourceId, AudioFormat format, long frames) {
    return new ExplainRequest(manifest, Map.of(sourceId, format), Map.of(sourceId, frames),
        ExecutionLimits.UNSET);
  }
}
