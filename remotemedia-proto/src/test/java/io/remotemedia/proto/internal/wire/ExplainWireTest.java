package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.Explanation.AdapterKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.AudioFormatSpec;
import io.remotemedia.proto.EdgeAdapterKind;
import io.remotemedia.proto.ExplainPipelineRequest;
import io.remotemedia.proto.ExplainPipelineResponse;
import io.remotemedia.proto.InputSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainWireTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse(
      "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\"}]}");

  @Test
  void request_withoutManifest_isValidationNamingTheField() {
    ExplainPipelineRequest request = ExplainPipelineRequest.newBuilder()
        .putInputs("g", InputSpec.newBuilder()
            .setFormat(ExplainWire.toProto(AudioFormat.f32(16000, 1))).build())
        .build();

    // Not the empty manifest's first complaint, about its version.
    assertThatThrownBy(() -> ExplainWire.fromProto(request))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("manifest is required: the pipeline to explain");
  }

  @Test
  void request_withEncodings_survivesTheWire() {
    ExplainRequest request = new ExplainRequest(GAIN, Map.of("g", AudioFormat.f32(16000, 1)),
        Map.of("g", 160L), ExecutionLimits.UNSET,
        Map.of("g", new InputEncoding(AudioEncoding.OPUS_PACKETS, 60_000)),
        Map.of("g", new OutputEncoding(AudioEncoding.OGG_OPUS, 32_000, 40)));

    assertThat(ExplainWire.fromProto(ExplainWire.toProto(request, "v1.1"))).isEqualTo(request);
  }

  @Test
  void request_codedInputWithoutSampleFormatOrDuration_takesI16AndTwentyMs() {
    ExplainPipelineRequest wire = ExplainPipelineRequest.newBuilder()
        .setManifest(ManifestWire.toProto(GAIN))
        .putInputs("g", InputSpec.newBuilder()
            .setFormat(AudioFormatSpec.newBuilder().setSampleRateHz(8000).setChannels(1))
            .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS)
            .build())
        .build();

    ExplainRequest request = ExplainWire.fromProto(wire);

    assertThat(request.inputFormats().get("g")).isEqualTo(new AudioFormat(8000, 1,
        SampleFormat.I16));
    assertThat(request.inputEncodings().get("g"))
        .isEqualTo(new InputEncoding(AudioEncoding.OPUS_PACKETS, 20_000));
  }

  @Test
  void request_pcmInputWithoutSampleFormat_isStillRefused() {
    ExplainPipelineRequest wire = ExplainPipelineRequest.newBuilder()
        .setManifest(ManifestWire.toProto(GAIN))
        .putInputs("g", InputSpec.newBuilder()
            .setFormat(AudioFormatSpec.newBuilder().setSampleRateHz(8000).setChannels(1))
            .build())
        .build();

    assertThatThrownBy(() -> ExplainWire.fromProto(wire))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("inputs[\"g\"].format");
  }

  @Test
  void request_unknownInputEncoding_namesTheInputAndTheValue() {
    ExplainPipelineRequest wire = ExplainPipelineRequest.newBuilder()
        .setManifest(ManifestWire.toProto(GAIN))
        .putInputs("g", InputSpec.newBuilder()
            .setFormat(ExplainWire.toProto(AudioFormat.f32(8000, 1)))
            .setEncodingValue(99)
            .build())
        .build();

    assertThatThrownBy(() -> ExplainWire.fromProto(wire))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessageStartingWith("inputs[\"g\"]: encoding 99 is unknown");
  }

  @Test
  void response_edges_surviveTheWire() {
    Explanation explanation = new Explanation(List.of(), 53, 0, ExecutionLimits.UNSET, true, "",
        List.of(new Explanation.ExplainedEdge("g", AdapterKind.DECODER,
                AudioEncoding.OPUS_PACKETS, new AudioFormat(16000, 1, SampleFormat.I16), 20_000,
                0, 104, 104, 26.5),
            new Explanation.ExplainedEdge("g", AdapterKind.ENCODER, AudioEncoding.MU_LAW,
                AudioFormat.f32(16000, 1), 0, 0, 0, 0, 0)));

    assertThat(ExplainWire.fromProto(ExplainWire.toProto(explanation))).isEqualTo(explanation);
  }

  @Test
  void response_edgeOfAKindThisClientDoesNotKnow_isLeftOut() {
    ExplainPipelineResponse wire = ExplainPipelineResponse.newBuilder()
        .addEdges(io.remotemedia.proto.ExplainedEdge.newBuilder().setNodeId("g")
            .setKindValue(7)
            .setFormat(ExplainWire.toProto(AudioFormat.f32(8000, 1))))
        .addEdges(io.remotemedia.proto.ExplainedEdge.newBuilder().setNodeId("g")
            .setKind(EdgeAdapterKind.EDGE_ADAPTER_KIND_ENCODER)
            .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_A_LAW)
            .setFormat(ExplainWire.toProto(AudioFormat.f32(8000, 1))))
        .build();

    assertThat(ExplainWire.fromProto(wire).edges()).extracting(Explanation.ExplainedEdge::kind)
        .containsExactly(AdapterKind.ENCODER);
  }
}
