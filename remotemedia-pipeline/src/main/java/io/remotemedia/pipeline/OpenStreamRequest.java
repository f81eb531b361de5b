package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import java.util.Map;
import java.util.Objects;

/**
 * What a stream runs: a manifest with exactly one source node, the format of every chunk, and
 * limits. For a stream, {@link ExecutionLimits#timeoutMs()} is the longest the session may
 * stay open.
 *
 * @param manifest the pipeline
 * @param inputFormat the format of every chunk pushed
 * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
 * @param outputEncodings how to code each sink's output, keyed by sink id: every result then
 *     carries that sink's coded audio in {@link StreamResult#encodedOutputs()} (and the tail in
 *     {@link ExecutionResult#encodedOutputs()}). G.711 or Opus packets ({@link
 *     AudioEncoding#OPUS_PACKETS}: one encoder per sink and stream, which keeps a partial packet
 *     until the next chunk completes it and flushes it at {@link PipelineStream#finish()}).
 *     Sinks not named stay PCM only; empty for none
 */
public record OpenStreamRequest(
    PipelineManifest manifest, AudioFormat inputFormat, ExecutionLimits limits,
    Map<String, OutputEncoding> outputEncodings) {

  /**
   * Validates the request.
   *
   * @param manifest the pipeline
   * @param inputFormat the format of every chunk pushed
   * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
   * @param outputEncodings how to code each sink's output, keyed by sink id; empty for none
   * @throws NullPointerException if a required component is null
   * @throws PipelineException VALIDATION naming the key of {@code outputEncodings} that is
   *     not a sink of {@code manifest} (no node, or a node a connection leaves) and listing the
   *     sinks; VALIDATION naming the sink when it asks for {@link AudioEncoding#OGG_OPUS}, which
   *     codes whole buffers, not streams; INVALID_AUDIO naming the sink and the value when it
   *     asks for Opus packets at a bit rate or packet duration Opus does not take
   */
  public OpenStreamRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(inputFormat, "inputFormat");
    Objects.requireNonNull(limits, "limits");
    outputEncodings = Map.copyOf(outputEncodings);
    EndpointKeyCheck.sinks(manifest, outputEncodings.keySet());
    outputEncodings.forEach((sink, encoding) -> {
      if (encoding.encoding() == AudioEncoding.OGG_OPUS) {
        throw PipelineException.of(ErrorKind.VALIDATION,
            EndpointKeyCheck.where("output_encodings", sink)
            + ": OGG_OPUS codes whole buffers; a stream codes its results as OPUS_PACKETS");
      }
      if (encoding.encoding() == AudioEncoding.OPUS_PACKETS) {
        try {
          OpusPacketEncoder.checkSettings(encoding.frameDurationMs(), encoding.bitrateBps());
        } catch (IllegalArgumentException e) {
          throw PipelineException.of(ErrorKind.INVALID_AUDIO,
              EndpointKeyCheck.where("output_encodings", sink) + ": " + e.getMessage());
        }
      }
    });
  }

  /**
   * A stream without coded outputs.
   *
   * @param manifest the pipeline
   * @param inputFormat the format of every chunk pushed
   * @param limits requested limits; {@link ExecutionLimits#UNSET} takes the runner's defaults
   */
  public OpenStreamRequest(PipelineManifest manifest, AudioFormat inputFormat,
      ExecutionLimits limits) {
    this(manifest, inputFormat, limits, Map.of());
  }

  /**
   * {@return this request with the sinks' outputs coded as {@code encodings} say}
   *
   * @param encodings how to code each sink's output, keyed by sink id
   */
  public OpenStreamRequest withOutputEncodings(Map<String, OutputEncoding> encodings) {
    return new OpenStreamRequest(manifest, inputFormat, limits, encodings);
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
