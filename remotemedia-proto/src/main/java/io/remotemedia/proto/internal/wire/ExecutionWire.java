package io.remotemedia.proto.internal.wire;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.NodeTypeInfo;
import io.remotemedia.proto.ParameterInfo;
import io.remotemedia.proto.RequestLimits;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** Converts execution requests, results, metrics and node types between wire and domain. */
public final class ExecutionWire {
  private ExecutionWire() {}

  /**
   * Builds the wire request for a domain request.
   *
   * @param request the domain request
   * @param protocolVersion the client's protocol version, which the server checks
   * @return the wire request
   */
  public static ExecuteRequest toProto(ExecutionRequest request, String protocolVersion) {
    ExecuteRequest.Builder builder = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(request.manifest()))
        .setLimits(toProto(request.limits()))
        .setClientProtocolVersion(protocolVersion);
    request.inputs().forEach((id, audio) -> builder.putAudioInputs(id, AudioWire.toProto(audio)));
    return builder.build();
  }

  /**
   * Builds the wire request for a domain request, for grpc-java to serialize with its audio
   * written straight from the floats ({@link PcmMessage}); the bytes are those of {@link
   * #toProto(ExecutionRequest, String)}.
   *
   * @param request the domain request
   * @param protocolVersion the client's protocol version, which the server checks
   * @return the request to send
   */
  public static PcmMessage<ExecuteRequest> toPcmMessage(ExecutionRequest request,
      String protocolVersion) {
    ExecuteRequest.Builder builder = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(request.manifest()))
        .setLimits(toProto(request.limits()))
        .setClientProtocolVersion(protocolVersion);
    request.inputs().forEach((id, audio) ->
        builder.putAudioInputs(id, AudioWire.withoutSamples(audio)));
    ExecuteRequest described = builder.build();
    return PcmMessage.of(described,
        ExecuteRequest.newBuilder().setManifest(described.getManifest()).build(),
        ExecuteRequest.AUDIO_INPUTS_FIELD_NUMBER, described.getAudioInputsMap(),
        request.inputs(),
        described.toBuilder().clearManifest().clearAudioInputs().build());
  }

  /**
   * Builds the wire request for a domain request whose inputs are partly or wholly coded, and
   * asks for sinks' outputs in the given encodings (protocol v1.1).
   *
   * @param request the manifest, the PCM inputs and the limits
   * @param encodedInputs coded inputs keyed by source node id, beside the PCM ones
   * @param outputEncodings the encoding of each sink's output, keyed by sink id
   * @param protocolVersion the protocol version the client speaks
   * @return the wire request
   * @throws IllegalArgumentException if a key of {@code encodedInputs} also keys a PCM input
   */
  public static ExecuteRequest toProto(ExecutionRequest request,
      Map<String, EncodedAudio> encodedInputs, Map<String, OutputEncoding> outputEncodings,
      String protocolVersion) {
    ExecuteRequest.Builder builder = toProto(request, protocolVersion).toBuilder();
    encodedInputs.forEach((id, audio) -> {
      // One wire map holds both: the coded audio would replace the PCM without a word.
      if (request.inputs().containsKey(id)) {
        throw new IllegalArgumentException(EndpointKeyCheck.where("audio_inputs", id)
            + " is given twice, as PCM in the request's inputs and as coded audio in"
            + " encodedInputs; give each source one input");
      }
      builder.putAudioInputs(id, EncodingWire.toProto(audio, 0));
    });
    outputEncodings.forEach((id, encoding) ->
        builder.putOutputEncodings(id, EncodingWire.toProto(encoding)));
    return builder.build();
  }

  /**
   * Decodes a wire request.
   *
   * @param request the wire request
   * @return the domain request
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO for bad audio,
   *     VALIDATION when the manifest is missing
   */
  public static ExecutionRequest fromProto(ExecuteRequest request) {
    return fromProto(request, audioInputs(request));
  }

  /**
   * Decodes only the request's audio, so that a server can time the audio apart from the rest;
   * pass the result to {@link #fromProto(ExecuteRequest, Map)}.
   *
   * @param request the wire request
   * @return the decoded audio by source id, in the request's order
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO for bad audio
   */
  public static Map<String, AudioBuffer> audioInputs(ExecuteRequest request) {
    return audioInputs(request, Long.MAX_VALUE);
  }

  /**
   * Decodes only the request's audio, as {@link #audioInputs(ExecuteRequest)} does, with its
   * coded inputs decoding to at most {@code maxSamples} samples together (PCM inputs count
   * too): each coded input may take only what the inputs before it left, so that many coded
   * inputs cannot add up to more than one could.
   *
   * @param request the wire request
   * @param maxSamples the most samples all inputs may decode to
   * @return the decoded audio by source id, in the request's order
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO for bad audio;
   *     RESOURCE_LIMIT for coded audio that decodes to more than is left
   */
  public static Map<String, AudioBuffer> audioInputs(ExecuteRequest request, long maxSamples) {
    Map<String, AudioBuffer> inputs = new LinkedHashMap<>();
    long left = maxSamples;
    for (Map.Entry<String, io.remotemedia.proto.AudioBuffer> input
        : request.getAudioInputsMap().entrySet()) {
      AudioBuffer audio = AudioWire.fromProto(input.getValue(),
          "audio_inputs[\"" + input.getKey() + "\"]", Math.max(0, left));
      left -= (long) audio.frameCount() * audio.format().channelCount();
      inputs.put(input.getKey(), audio);
    }
    return inputs;
  }

  /**
   * {@return how many samples (frames x channels, over every input) the request's audio
   * carries, when every input is PCM of a known sample format; empty when any input is coded or
   * has no known format} It reads sizes and formats only: nothing is decoded or checked, so a
   * malformed input is counted as its bytes suggest and refused later, when it is decoded.
   *
   * @param request the wire request
   */
  public static OptionalLong pcmSampleCount(ExecuteRequest request) {
    long samples = 0;
    for (io.remotemedia.proto.AudioBuffer audio : request.getAudioInputsMap().values()) {
      Optional<SampleFormat> format = AudioWire.knownSampleFormat(audio.getFormat());
      if (format.isEmpty() || audio.getEncoding() != AudioEncoding.AUDIO_ENCODING_PCM) {
        return OptionalLong.empty();
      }
      samples += audio.getSamples().size() / format.get().bytesPerSample();
    }
    return OptionalLong.of(samples);
  }

  /**
   * Decodes a wire request whose audio {@link #audioInputs} has already decoded.
   *
   * @param request the wire request
   * @param audioInputs the audio {@link #audioInputs} decoded from it
   * @return the domain request
   * @throws io.remotemedia.pipeline.PipelineException of kind VALIDATION when the manifest is
   *     missing
   */
  public static ExecutionRequest fromProto(ExecuteRequest request,
      Map<String, AudioBuffer> audioInputs) {
    return fromProto(request, manifest(request), audioInputs);
  }

  /**
   * Decodes a wire request whose manifest {@link #manifest} and audio {@link #audioInputs} have
   * already decoded: a server reads the manifest first, to check the request's keys against it
   * before it decodes any audio.
   *
   * @param request the wire request
   * @param manifest the manifest {@link #manifest} decoded from it
   * @param audioInputs the audio {@link #audioInputs} decoded from it
   * @return the domain request
   */
  public static ExecutionRequest fromProto(ExecuteRequest request, PipelineManifest manifest,
      Map<String, AudioBuffer> audioInputs) {
    return new ExecutionRequest(manifest, audioInputs, fromProto(request.getLimits()));
  }

  /**
   * {@return the pipeline the wire request runs}
   *
   * @param request the wire request
   * @throws io.remotemedia.pipeline.PipelineException of kind VALIDATION when the manifest is
   *     missing or invalid
   */
  public static PipelineManifest manifest(ExecuteRequest request) {
    return ManifestWire.required(request.hasManifest(), request.getManifest(), "manifest",
        "the pipeline to run on audio_inputs");
  }

  /**
   * Maps requested limits; absent or 0 values stay unset.
   *
   * @param limits the wire limits
   * @return the domain limits; values past {@code Long.MAX_VALUE} are clamped to it
   */
  public static ExecutionLimits fromProto(RequestLimits limits) {
    return new ExecutionLimits(clamp(limits.getTimeoutMs()), clamp(limits.getMaxMemoryBytes()),
        clamp(limits.getMaxInputSamples()));
  }

  /**
   * Maps domain limits to the wire message.
   *
   * @param limits the domain limits
   * @return the wire limits
   */
  public static RequestLimits toProto(ExecutionLimits limits) {
    return RequestLimits.newBuilder()
        .setTimeoutMs(limits.timeoutMs())
        .setMaxMemoryBytes(limits.maxMemoryBytes())
        .setMaxInputSamples(limits.maxInputSamples())
        .build();
  }

  /**
   * Encodes a result.
   *
   * @param result the domain result
   * @return the wire response
   */
  public static ExecuteResponse toProto(ExecutionResult result) {
    return toProto(result, audioOutputs(result));
  }

  /**
   * Encodes only the result's audio, so that a server can time the audio apart from the rest;
   * pass the result to {@link #toProto(ExecutionResult, Map)}.
   *
   * @param result the domain result
   * @return the encoded audio by sink id
   */
  public static Map<String, io.remotemedia.proto.AudioBuffer> audioOutputs(
      ExecutionResult result) {
    Map<String, io.remotemedia.proto.AudioBuffer> outputs = new LinkedHashMap<>();
    result.audioOutputs().forEach((id, audio) -> outputs.put(id, AudioWire.toProto(audio)));
    return outputs;
  }

  /**
   * Encodes only the result's audio, each sink's in the encoding the client asked for.
   *
   * @param result the result
   * @param outputEncodings the encoding of each sink's output, keyed by sink id; sinks not
   *     named come back as PCM
   * @return the wire audio keyed by sink id
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO when a sink's
   *     audio cannot be coded as asked (for example Opus at 44.1 kHz)
   */
  public static Map<String, io.remotemedia.proto.AudioBuffer> audioOutputs(
      ExecutionResult result, Map<String, OutputEncoding> outputEncodings) {
    return codedOutputs(result, outputEncodings, AudioWire::toProto);
  }

  /**
   * Describes a result's audio for a response whose PCM is written straight from the floats
   * ({@link #toPcmMessage}): coded sinks (Opus, G.711) are coded here, PCM sinks only
   * described, without their samples.
   *
   * @param result the result
   * @param outputEncodings the encoding of each sink's output, keyed by sink id; sinks not
   *     named come back as PCM
   * @return the wire audio keyed by sink id, PCM sinks without samples
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO when a sink's
   *     audio cannot be coded as asked (for example Opus at 44.1 kHz)
   */
  public static Map<String, io.remotemedia.proto.AudioBuffer> describedAudioOutputs(
      ExecutionResult result, Map<String, OutputEncoding> outputEncodings) {
    return codedOutputs(result, outputEncodings, AudioWire::withoutSamples);
  }

  /** Codes each sink's audio as asked, and maps the PCM sinks' with {@code pcm}. */
  private static Map<String, io.remotemedia.proto.AudioBuffer> codedOutputs(
      ExecutionResult result, Map<String, OutputEncoding> outputEncodings,
      Function<AudioBuffer, io.remotemedia.proto.AudioBuffer> pcm) {
    Map<String, io.remotemedia.proto.AudioBuffer> outputs = new LinkedHashMap<>();
    result.audioOutputs().forEach((id, audio) -> {
      OutputEncoding encoding = outputEncodings.get(id);
      outputs.put(id, encoding == null ? pcm.apply(audio)
          : EncodingWire.encode(audio, encoding, "audio_outputs[\"" + id + "\"]"));
    });
    return outputs;
  }

  /**
   * Encodes a result for grpc-java to serialize with its PCM audio written straight from the
   * floats ({@link PcmMessage}); the bytes are those of {@link #toProto(ExecutionResult, Map)}
   * with {@link #audioOutputs(ExecutionResult, Map)}.
   *
   * @param result the result, metrics included
   * @param describedAudio what {@link #describedAudioOutputs} made of the result's audio
   * @param outputEncodings the encodings {@code describedAudio} was made with
   * @return the response to send
   */
  public static PcmMessage<ExecuteResponse> toPcmMessage(ExecutionResult result,
      Map<String, io.remotemedia.proto.AudioBuffer> describedAudio,
      Map<String, OutputEncoding> outputEncodings) {
    Map<String, AudioBuffer> pcm = new LinkedHashMap<>(result.audioOutputs());
    pcm.keySet().removeAll(outputEncodings.keySet());
    ExecuteResponse response = toProto(result, describedAudio);
    return PcmMessage.of(response, ExecuteResponse.getDefaultInstance(),
        ExecuteResponse.AUDIO_OUTPUTS_FIELD_NUMBER, response.getAudioOutputsMap(), pcm,
        response.toBuilder().clearAudioOutputs().build());
  }

  /**
   * Returns the coded outputs of a response as they came, without decoding them.
   *
   * @param response the response
   * @return the coded audio keyed by sink id; sinks that came back as PCM are absent
   */
  public static Map<String, EncodedAudio> encodedOutputs(ExecuteResponse response) {
    Map<String, EncodedAudio> outputs = new LinkedHashMap<>();
    response.getAudioOutputsMap().forEach((id, buffer) -> {
      if (EncodingWire.isEncoded(buffer)) {
        outputs.put(id, EncodingWire.fromProto(buffer, "audio_outputs[\"" + id + "\"]"));
      }
    });
    return outputs;
  }

  /**
   * Encodes a result whose audio {@link #audioOutputs} has already encoded.
   *
   * @param result the domain result
   * @param audioOutputs the audio {@link #audioOutputs} encoded from it
   * @return the wire response
   */
  public static ExecuteResponse toProto(ExecutionResult result,
      Map<String, io.remotemedia.proto.AudioBuffer> audioOutputs) {
    ExecuteResponse.Builder builder = ExecuteResponse.newBuilder()
        .setMetrics(toProto(result.metrics()))
        .putAllAudioOutputs(audioOutputs);
    builder.putAllDataOutputs(ReportWire.toProto(result.dataOutputs()));
    return builder.build();
  }

  /**
   * Decodes a result.
   *
   * @param response the server's response
   * @param manifest the manifest of the request, which names the type of each node that
   *     reports data ({@link ReportWire})
   * @return the result, with typed node reports
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO for bad audio,
   *     PROTOCOL_MISMATCH for a node report not in its documented shape
   */
  public static ExecutionResult fromProto(ExecuteResponse response, PipelineManifest manifest) {
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    response.getAudioOutputsMap().forEach((id, buffer) ->
        audio.put(id, AudioWire.fromProto(buffer, "audio_outputs[\"" + id + "\"]")));
    return new ExecutionResult(audio,
        ReportWire.fromProto(response.getDataOutputsMap(), manifest, "data_outputs"),
        fromProto(response.getMetrics()));
  }

  /**
   * Encodes metrics.
   *
   * @param metrics the domain metrics
   * @return the wire metrics
   */
  public static io.remotemedia.proto.ExecutionMetrics toProto(ExecutionMetrics metrics) {
    io.remotemedia.proto.ExecutionMetrics.Builder builder =
        io.remotemedia.proto.ExecutionMetrics.newBuilder()
            .setWallMs(metrics.wallMs())
            .setCpuMs(metrics.cpuMs())
            .setAllocatedBytes(metrics.allocatedBytes())
            .setSerializationMs(metrics.serializationMs());
    for (NodeMetrics node : metrics.nodes()) {
      builder.addNodes(io.remotemedia.proto.NodeMetrics.newBuilder()
          .setNodeId(node.nodeId())
          .setNodeType(node.nodeType())
          .setWallMs(node.wallMs())
          .setFramesIn(node.framesIn())
          .setFramesOut(node.framesOut())
          .putAllCounters(node.counters()));
    }
    return builder.build();
  }

  /**
   * Decodes metrics.
   *
   * @param metrics the wire metrics
   * @return the domain metrics
   */
  public static ExecutionMetrics fromProto(io.remotemedia.proto.ExecutionMetrics metrics) {
    List<NodeMetrics> nodes = new ArrayList<>();
    for (io.remotemedia.proto.NodeMetrics node : metrics.getNodesList()) {
      nodes.add(new NodeMetrics(node.getNodeId(), node.getNodeType(), node.getWallMs(),
          node.getFramesIn(), node.getFramesOut(), node.getCountersMap()));
    }
    return new ExecutionMetrics(metrics.getWallMs(), metrics.getCpuMs(),
        metrics.getAllocatedBytes(), nodes, metrics.getSerializationMs());
  }

  /**
   * Encodes a node type listing.
   *
   * @param type the domain description of a node type
   * @return the wire listing
   */
  public static NodeTypeInfo toProto(NodeTypeDescription type) {
    NodeTypeInfo.Builder builder = NodeTypeInfo.newBuilder()
        .setNodeType(type.nodeType())
        .setDescription(type.description());
    for (NodeTypeDescription.ParameterDescription parameter : type.parameters()) {
      builder.addParameters(ParameterInfo.newBuilder()
          .setName(parameter.name())
          .setType(parameter.type())
          .setDefaultValue(parameter.defaultValue())
          .setAllowed(parameter.allowed())
          .setDescription(parameter.description()));
    }
    return builder.build();
  }

  /**
   * Decodes a node type listing.
   *
   * @param type the wire listing
   * @return the domain description of the node type
   */
  public static NodeTypeDescription fromProto(NodeTypeInfo type) {
    List<NodeTypeDescription.ParameterDescription> parameters = new ArrayList<>();
    for (ParameterInfo parameter : type.getParametersList()) {
      parameters.add(new NodeTypeDescription.ParameterDescription(parameter.getName(),
          parameter.getType(), parameter.getDefaultValue(), parameter.getAllowed(),
          parameter.getDescription()));
    }
    return new NodeTypeDescription(type.getNodeType(), type.getDescription(), parameters);
  }

  private static long clamp(long unsigned) {
    // uint64 on the wire: a value past Long.MAX_VALUE reads negative and means "as much as
    // allowed", which the runner then caps.
    return unsigned < 0 ? Long.MAX_VALUE : unsigned;
  }
}
