package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.report.CustomReport;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamWireTest {
  private static final String GAIN = """
      {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """;

  @Test
  void open_roundTripsManifestFormatAndLimits() {
    OpenStreamRequest request = new OpenStreamRequest(new ManifestParser().parse(GAIN),
        new AudioFormat(16000, 2, SampleFormat.I16), new ExecutionLimits(500, 0, 9));

    StreamRequest wire = StreamWire.open(request, "v1");
    OpenStreamRequest back = StreamWire.fromProto(wire.getOpen());

    assertThat(wire.getOpen().getClientProtocolVersion()).isEqualTo("v1");
    assertThat(back.inputFormat()).isEqualTo(request.inputFormat());
    assertThat(back.limits()).isEqualTo(request.limits());
    assertThat(back.manifest().nodes()).singleElement()
        .satisfies(node -> assertThat(node.id()).isEqualTo("g"));
  }

  @Test
  void open_withoutInputFormat_isInvalidAudioNamingTheField() {
    StreamOpen open = StreamWire.open(OpenStreamRequest.of(new ManifestParser().parse(GAIN),
        AudioFormat.f32(8000, 1)), "v1").getOpen().toBuilder().clearInputFormat().build();

    assertThatThrownBy(() -> StreamWire.fromProto(open))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("open.input_format is required: the sample rate, channels and format of"
            + " every chunk");
  }

  @Test
  void open_withZeroChannels_isInvalidAudioNamingTheField() {
    StreamOpen open = StreamWire.open(OpenStreamRequest.of(new ManifestParser().parse(GAIN),
        AudioFormat.f32(8000, 1)), "v1").getOpen();
    StreamOpen bad = open.toBuilder()
        .setInputFormat(open.getInputFormat().toBuilder().setChannels(0)).build();

    assertThatThrownBy(() -> StreamWire.fromProto(bad))
        .hasMessage("open.input_format: channels must be in [1, 64], was 0");
  }

  @Test
  void chunkAndResult_roundTrip() {
    AudioBuffer audio = AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f, -0.25f});

    StreamRequest chunk = StreamWire.chunk(7, audio);
    StreamResult back = StreamWire.fromProto(StreamWire.toProto(
        new StreamResult(7, Map.of("g", audio),
            Map.of("vad", new CustomReport(Map.of("speech", true))))).getResult(),
        new ManifestParser().parse(GAIN));

    assertThat(chunk.getChunk().getSequence()).isEqualTo(7);
    assertThat(StreamWire.audioOf(chunk.getChunk()).samples()).containsExactly(0.5f, -0.25f);
    assertThat(back.sequence()).isEqualTo(7);
    assertThat(back.audioOutputs().get("g").samples()).containsExactly(0.5f, -0.25f);
    assertThat(back.dataOutputs()).containsEntry("vad", new CustomReport(Map.of("speech", true)));
  }

  @Test
  void chunk_withoutAudio_isInvalidAudioNamingTheSequence() {
    assertThatThrownBy(() -> StreamWire.audioOf(
            io.remotemedia.proto.StreamChunk.newBuilder().setSequence(3).build()))
        .hasMessage("chunk 3 audio is missing");
  }

  @Test
  void closed_roundTripsTailsAndMetrics() {
    ExecutionResult result = new ExecutionResult(
        Map.of("g", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.1f})), Map.of(),
        new ExecutionMetrics(12.5, 3.0, 100, List.of(), 0));

    ExecutionResult back = StreamWire.fromProto(StreamWire.closed(result).getClosed(),
        new ManifestParser().parse(GAIN));

    assertThat(back.audio("g").samples()).containsExactly(0.1f);
    assertThat(back.metrics().wallMs()).isEqualTo(12.5);
  }
}
