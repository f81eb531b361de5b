package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Map;
import java.util.Objects;

/**
 * What to explain: a manifest, the format of each source's input, optionally how many frames
 * each source will get (for the memory estimate), the limits the request would ask for, and how
 * the inputs arrive coded and the sinks' outputs are asked for coded (the edge adapters).
 *
 * <pre>{@code
 * ExplainRequest request = ExplainRequest.of(manifest, "in", AudioFormat.f32(16000, 1), 0)
 *     .withEncodings(Map.of("in", InputEncoding.of(AudioEncoding.OPUS_PACKETS)),
 *         Map.of("vad", OutputEncoding.of(AudioEncoding.MU_LAW)));
 * }</pre>
 *
 * @param manifest the pipeline
 * @param inputFormats the input format of each source node; for a coded input, the format it
 *     decodes to (rate, channels, and the sample format it is declared on)
 * @param inputFrames frames per source node, each {@code >= 0}; absent sources count as 0
 * @param limits the limits the request would ask for
 * @param inputEncodings how each source's input is coded, keyed by source id; a source not
 *     named is PCM
 * @param outputEncodings how each sink's output is asked for, keyed by sink id; a sink not named
 *     is PCM
 */
public record ExplainRequest(
    PipelineManifest manifest,
    Map<String, AudioFormat> inputFormats,
    Map<String, Long> inputFrames,
    ExecutionLimits limits,
    Map<String, InputEncoding> inputEncodings,
    Map<String, OutputEncoding> outputEncodings) {

  /**
   * Validates the request.
   *
   * @param manifest the pipeline
   * @param inputFormats the input format of each source node
   * @param inputFrames frames per source node, each {@code >= 0}; absent sources count as 0
   * @param limits the limits the request would ask for
   * @param inputEncodings how each source's input is coded; a source not named is PCM
   * @param outputEncodings how each sink's output is asked for; a sink not named is PCM
   * @throws NullPointerException if a required component is null
   * @throws PipelineException VALIDATION naming the key of {@code outputEncodings} that is
   *     not a sink of {@code manifest} (no node, or a node a connection leaves) and listing the
   *     sinks
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
    inputEncodings = Map.copyOf(inputEncodings);
    outputEncodings = Map.copyOf(outputEncodings);
    EndpointKeyCheck.sinks(manifest, outputEncodings.keySet());
  }

  /**
   * A request whose inputs and outputs are all PCM.
   *
   * @param manifest the pipeline
   * @param inputFormats the input format of each source node
   * @param inputFrames frames per source node, each {@code >= 0}; absent sources count as 0
   * @param limits the limits the request would ask for
   */
  public ExplainRequest(PipelineManifest manifest, Map<String, AudioFormat> inputFormats,
      Map<String, Long> inputFrames, ExecutionLimits limits) {
    this(manifest, inputFormats, inputFrames, limits, Map.of(), Map.of());
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

  /**
   * {@return this request with the given input and output encodings in place of its own}
   *
   * @param inputEncodings how each source's input is coded; a source not named is PCM
   * @param outputEncodings how each sink's output is asked for; a sink not named is PCM
   */
  public ExplainRequest withEncodings(Map<String, InputEncoding> inputEncodings,
      Map<String, OutputEncoding> outputEncodings) {
    return new ExplainRequest(manifest, inputFormats, inputFrames, limits, inputEncodings,
        outputEncodings);
  }
}
