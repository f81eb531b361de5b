package io.remotemedia.proto.internal.wire;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.Explanation.AdapterKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.AudioFormatSpec;
import io.remotemedia.proto.EdgeAdapterKind;
import io.remotemedia.proto.ExplainPipelineRequest;
import io.remotemedia.proto.ExplainPipelineResponse;
import io.remotemedia.proto.ExplainedEdge;
import io.remotemedia.proto.ExplainedNode;
import io.remotemedia.proto.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts ExplainPipeline requests and responses between wire and domain, with the edge
 * adapters of protocol v1.1 (input and output encodings in, decoders and encoders out).
 */
public final class ExplainWire {
  private ExplainWire() {}

  /**
   * Builds the wire request for a domain request.
   *
   * @param request the domain request
   * @param protocolVersion the client's protocol version, which the server checks
   * @return the wire request
   */
  public static ExplainPipelineRequest toProto(ExplainRequest request, String protocolVersion) {
    ExplainPipelineRequest.Builder builder = ExplainPipelineRequest.newBuilder()
        .setManifest(ManifestWire.toProto(request.manifest()))
        .setLimits(ExecutionWire.toProto(request.limits()))
        .setClientProtocolVersion(protocolVersion);
    request.inputFormats().forEach((id, format) -> {
      InputSpec.Builder input = InputSpec.newBuilder()
          .setFormat(toProto(format))
          .setFrameCount(request.inputFrames().getOrDefault(id, 0L));
      InputEncoding encoding = request.inputEncodings().get(id);
      if (encoding != null) {
        input.setEncoding(EncodingWire.toProto(encoding.encoding()))
            .setPacketDurationUs(encoding.packetDurationUs());
      }
      builder.putInputs(id, input.build());
    });
    request.outputEncodings().forEach((id, encoding) ->
        builder.putOutputEncodings(id, EncodingWire.toProto(encoding)));
    return builder.build();
  }

  /**
   * Decodes a wire request.
   *
   * @param request the wire request
   * @return the domain request
   * @throws PipelineException INVALID_AUDIO for a bad input format, an unknown encoding or a
   *     frame count of 2^63 or more; VALIDATION when the manifest is missing
   */
  public static ExplainRequest fromProto(ExplainPipelineRequest request) {
    PipelineManifest manifest = ManifestWire.required(request.hasManifest(),
        request.getManifest(), "manifest", "the pipeline to explain");
    Map<String, AudioFormat> formats = new LinkedHashMap<>();
    Map<String, Long> frames = new LinkedHashMap<>();
    Map<String, InputEncoding> encodings = new LinkedHashMap<>();
    request.getInputsMap().forEach((id, input) -> {
      AudioEncoding encoding = EncodingWire.fromProto(input.getEncoding(),
          input.getEncodingValue(), "inputs[\"" + id + "\"]");
      AudioFormatSpec format = input.getFormat();
      if (encoding != AudioEncoding.PCM) {
        encodings.put(id, new InputEncoding(encoding, input.getPacketDurationUs() == 0
            ? InputEncoding.DEFAULT_PACKET_DURATION_US : input.getPacketDurationUs()));
        if (format.getFormat() == io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_UNSPECIFIED) {
          // As for a coded AudioBuffer: decoded samples sit on the I16 grid unless told.
          format = format.toBuilder()
              .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16).build();
        }
      }
      formats.put(id, fromProto(format, "inputs[\"" + id + "\"].format"));
      // A uint64 of 2^63 or more reads as a negative long: refuse it rather than wrap.
      if (input.getFrameCount() < 0) {
        throw PipelineException.of(ErrorKind.INVALID_AUDIO, "inputs[\"" + id + "\"].frame_count "
            + Long.toUnsignedString(input.getFrameCount()) + " is over the largest supported, "
            + Long.MAX_VALUE);
      }
      frames.put(id, input.getFrameCount());
    });
    return new ExplainRequest(manifest, formats, frames,
        ExecutionWire.fromProto(request.getLimits()), encodings,
        EncodingWire.fromProto(request.getOutputEncodingsMap()));
  }

  /**
   * Encodes an explanation.
   *
   * @param explanation the domain explanation
   * @return the wire response
   */
  public static ExplainPipelineResponse toProto(Explanation explanation) {
    ExplainPipelineResponse.Builder builder = ExplainPipelineResponse.newBuilder()
        .setTotalLatencyMs(explanation.totalLatencyMs())
        .setMemoryEstimateBytes(explanation.memoryEstimateBytes())
        .setEffectiveLimits(ExecutionWire.toProto(explanation.limits()))
        .setAdmitted(explanation.admitted())
        .setRefusal(explanation.refusal());
    for (Explanation.ExplainedNode node : explanation.nodes()) {
      builder.addNodes(ExplainedNode.newBuilder()
          .setId(node.id())
          .setNodeType(node.nodeType())
          .setUpstreamId(node.upstreamIds().isEmpty() ? "" : node.upstreamIds().get(0))
          .addAllUpstreamIds(node.upstreamIds())
          .setInputFormat(toProto(node.inputFormat()))
          .setOutputFormat(toProto(node.outputFormat()))
          .setLatencyFrames(node.latencyFrames())
          .setLatencyMs(node.latencyMs())
          .setCumulativeLatencyMs(node.cumulativeLatencyMs()));
    }
    for (Explanation.ExplainedEdge edge : explanation.edges()) {
      builder.addEdges(ExplainedEdge.newBuilder()
          .setNodeId(edge.nodeId())
          .setKind(edge.kind() == AdapterKind.DECODER
              ? EdgeAdapterKind.EDGE_ADAPTER_KIND_DECODER
              : EdgeAdapterKind.EDGE_ADAPTER_KIND_ENCODER)
          .setEncoding(EncodingWire.toProto(edge.encoding()))
          .setFormat(toProto(edge.format()))
          .setFrameDurationUs(edge.frameDurationUs())
          .setBitrateBps(edge.bitrateBps())
          .setLookaheadFrames(edge.lookaheadFrames())
          .setDelayFrames(edge.delayFrames())
          .setLatencyMs(edge.latencyMs()));
    }
    return builder.build();
  }

  /**
   * Decodes an explanation.
   *
   * @param response the wire response
   * @return the domain explanation
   */
  public static Explanation fromProto(ExplainPipelineResponse response) {
    List<Explanation.ExplainedNode> nodes = new ArrayList<>();
    for (ExplainedNode node : response.getNodesList()) {
      nodes.add(new Explanation.ExplainedNode(node.getId(), node.getNodeType(),
          node.getUpstreamIdsList(), fromProto(node.getInputFormat(), "input_format"),
          fromProto(node.getOutputFormat(), "output_format"), node.getLatencyFrames(),
          node.getLatencyMs(), node.getCumulativeLatencyMs()));
    }
    List<Explanation.ExplainedEdge> edges = new ArrayList<>();
    for (ExplainedEdge edge : response.getEdgesList()) {
      AdapterKind kind = switch (edge.getKind()) {
        case EDGE_ADAPTER_KIND_DECODER -> AdapterKind.DECODER;
        case EDGE_ADAPTER_KIND_ENCODER -> AdapterKind.ENCODER;
        // A kind a newer server added: this client cannot say what it is, so leaves it out.
        case EDGE_ADAPTER_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
      };
      if (kind != null) {
        edges.add(new Explanation.ExplainedEdge(edge.getNodeId(), kind,
            EncodingWire.fromProto(edge.getEncoding(), edge.getEncodingValue(), "edges.encoding"),
            fromProto(edge.getFormat(), "edges.format"), edge.getFrameDurationUs(),
            edge.getBitrateBps(), edge.getLookaheadFrames(), edge.getDelayFrames(),
            edge.getLatencyMs()));
      }
    }
    return new Explanation(nodes, response.getTotalLatencyMs(),
        response.getMemoryEstimateBytes(), ExecutionWire.fromProto(response.getEffectiveLimits()),
        response.getAdmitted(), response.getRefusal(), edges);
  }

  /**
   * Maps a domain format to the wire.
   *
   * @param format the domain format
   * @return the wire format
   */
  public static AudioFormatSpec toProto(AudioFormat format) {
    return AudioFormatSpec.newBuilder()
        .setSampleRateHz(format.sampleRateHz())
        .setChannels(format.channelCount())
        .setFormat(AudioWire.toProto(format.sampleFormat()))
        .build();
  }

  /**
   * Maps a wire format to the domain, checking every field.
   *
   * @param format the wire format; null reports it as missing
   * @param where names the format in error messages, for example {@code inputs["in"].format}
   * @return the domain format
   * @throws PipelineException INVALID_AUDIO naming {@code where}, the field and the value
   */
  public static AudioFormat fromProto(AudioFormatSpec format, String where) {
    if (format == null) {
      throw PipelineException.of(ErrorKind.INVALID_AUDIO, where + " is required");
    }
    return AudioWire.format(io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(format.getSampleRateHz())
        .setChannels(format.getChannels())
        .setFormatValue(format.getFormatValue())
        .build(), where);
  }
}
