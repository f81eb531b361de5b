package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
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
import java.util.function.UnaryOperator;
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
  void open_withOpusInputFormatEncoding_isInvalidAudioSayingChunksNameTheirCoding() {
    StreamOpen open = withInputFormat(format -> format
        .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS));

    // Until 2026-12 the encoding was dropped, and chunks without one were read as PCM.
    assertThatThrownBy(() -> StreamWire.fromProto(open))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("open.input_format.encoding is AUDIO_ENCODING_OPUS_PACKETS, but"
            + " open.input_format describes the decoded audio (rate, channels, sample format)"
            + " and its encoding must be unset (AUDIO_ENCODING_PCM): each chunk's"
            + " audio.encoding names how that chunk is coded");
  }

  @Test
  void open_withUnknownInputFormatEncoding_isInvalidAudioNamingTheValue() {
    StreamOpen open = withInputFormat(format -> format.setEncodingValue(77));

    assertThatThrownBy(() -> StreamWire.fromProto(open))
        .hasMessageStartingWith("open.input_format.encoding is unknown value 77, but");
  }

  @Test
  void open_withSamplesInInputFormat_isInvalidAudioRatherThanDroppingThem() {
    StreamOpen open = withInputFormat(format -> format
        .setSamples(ByteString.copyFrom(new byte[8])).setFrameCount(2));

    assertThatThrownBy(() -> StreamWire.fromProto(open))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("open.input_format carries 8 bytes of samples and 0 packet_lengths, but it"
            + " only describes the chunks and its audio would not be processed: leave samples"
            + " and packet_lengths empty and send the audio as a chunk");
  }

  @Test
  void open_withPacketLengthsInInputFormat_isInvalidAudio() {
    StreamOpen open = withInputFormat(format -> format.addPacketLengths(0).addPacketLengths(0));

    assertThatThrownBy(() -> StreamWire.fromProto(open))
        .hasMessageStartingWith("open.input_format carries 0 bytes of samples and 2"
            + " packet_lengths, but");
  }

  @Test
  void open_withFrameCountInInputFormat_readsTheFormat() {
    StreamOpen open = withInputFormat(format -> format.setFrameCount(480));

    assertThat(StreamWire.fromProto(open).inputFormat()).isEqualTo(AudioFormat.f32(8000, 1));
  }

  /** A Gain stream's {@code open} at 8 kHz mono F32 with its input_format changed. */
  private static StreamOpen withInputFormat(
      UnaryOperator<io.remotemedia.proto.AudioBuffer.Builder> change) {
    StreamOpen open = StreamWire.open(OpenStreamRequest.of(new ManifestParser().parse(GAIN),
        AudioFormat.f32(8000, 1)), "v1.1").getOpen();
    return open.toBuilder()
        .setInputFormat(change.apply(open.getInputFormat().toBuilder())).build();
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
