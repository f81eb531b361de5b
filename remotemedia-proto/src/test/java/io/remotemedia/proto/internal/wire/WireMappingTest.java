package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireMappingTest {

  @Test
  @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void manifest_longKeyOverALongList_mapsInAboutItsSize() {
    // Each value's path used to be built as it was mapped: the key's length per value, 10^12
    // bytes copied here. The timeout only stops a hung test.
    com.google.protobuf.ListValue.Builder values = com.google.protobuf.ListValue.newBuilder();
    com.google.protobuf.Value zero = com.google.protobuf.Value.newBuilder().setNumberValue(0)
        .build();
    for (int i = 0; i < 1 << 20; i++) {
      values.addValues(zero);
    }
    io.remotemedia.proto.PipelineManifest wire = io.remotemedia.proto.PipelineManifest
        .newBuilder().setVersion("v1")
        .addNodes(io.remotemedia.proto.NodeSpec.newBuilder().setId("g").setNodeType("Gain")
            .setParams(com.google.protobuf.Struct.newBuilder().putFields("k".repeat(1 << 20),
                com.google.protobuf.Value.newBuilder().setListValue(values).build())))
        .build();

    PipelineManifest manifest = ManifestWire.fromProto(wire);

    assertThat(manifest.nodes().get(0).params().get("k".repeat(1 << 20)))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1 << 20);
  }

  @Test
  void manifest_paramValueWithNoKindSet_isRefusedNamingTheParameter() {
    io.remotemedia.proto.PipelineManifest wire = io.remotemedia.proto.PipelineManifest
        .newBuilder().setVersion("v1")
        .addNodes(io.remotemedia.proto.NodeSpec.newBuilder().setId("g").setNodeType("Gain")
            .setParams(com.google.protobuf.Struct.newBuilder().putFields("gain_db",
                com.google.protobuf.Value.getDefaultInstance())))
        .build();

    assertThatThrownBy(() -> ManifestWire.fromProto(wire))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).contains(ManifestLocation.ofPath("nodes[0].params.gain_db"));
        })
        .hasMessageStartingWith("nodes[0].params.gain_db: a google.protobuf.Value with no kind"
            + " set");
  }

  @Test
  void manifest_listItemWithNoKindSet_isRefusedNamingTheItem() {
    com.google.protobuf.Value list = com.google.protobuf.Value.newBuilder().setListValue(
        com.google.protobuf.ListValue.newBuilder()
            .addValues(com.google.protobuf.Value.newBuilder().setNumberValue(0))
            .addValues(com.google.protobuf.Value.getDefaultInstance())).build();
    io.remotemedia.proto.PipelineManifest wire = io.remotemedia.proto.PipelineManifest
        .newBuilder().setVersion("v1")
        .addNodes(io.remotemedia.proto.NodeSpec.newBuilder().setId("a").setNodeType("Gain"))
        .addNodes(io.remotemedia.proto.NodeSpec.newBuilder().setId("m").setNodeType("ChannelMap")
            .setParams(com.google.protobuf.Struct.newBuilder().putFields("map", list)))
        .build();

    // The second node: its path is built only for the error, from the node's index.
    assertThatThrownBy(() -> ManifestWire.fromProto(wire))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).contains(ManifestLocation.ofPath("nodes[1].params.map[1]")))
        .hasMessageStartingWith("nodes[1].params.map[1]: a google.protobuf.Value with no kind");
  }

  @Test
  void audio_i16_isLittleEndianOnTheWireAndRoundTrips() {
    AudioBuffer audio = AudioBuffer.of(new AudioFormat(8000, 2, SampleFormat.I16),
        new float[] {0.5f, -1f, 1 / 32768f, 0f});

    io.remotemedia.proto.AudioBuffer wire = AudioWire.toProto(audio);

    assertThat(wire.getFrameCount()).isEqualTo(2);
    assertThat(wire.getSamples().toByteArray()).containsExactly(
        0x00, 0x40, 0x00, 0x80, 0x01, 0x00, 0x00, 0x00);
    AudioBuffer back = AudioWire.fromProto(wire, "x");
    assertThat(back.format()).isEqualTo(audio.format());
    assertThat(back.samples()).containsExactly(audio.samples());
  }

  @Test
  void audio_f32_roundTripsBitExactly() {
    float[] samples = {0.1f, -0.7f, 3.5f};
    AudioBuffer back = AudioWire.fromProto(
        AudioWire.toProto(AudioBuffer.of(AudioFormat.f32(44100, 1), samples)), "x");

    assertThat(back.samples()).containsExactly(samples);
  }

  @Test
  void audio_zeroRateOrChannels_isInvalidAudioNamingTheField() {
    io.remotemedia.proto.AudioBuffer noRate = io.remotemedia.proto.AudioBuffer.newBuilder()
        .setChannels(1).setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32).build();
    io.remotemedia.proto.AudioBuffer manyChannels = noRate.toBuilder().setSampleRateHz(8000)
        .setChannels(100).build();

    assertThatThrownBy(() -> AudioWire.fromProto(noRate, "audio_inputs[\"in\"]"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("audio_inputs[\"in\"]: sample_rate_hz must be in [1, 768000], was 0");
    assertThatThrownBy(() -> AudioWire.fromProto(manyChannels, "a"))
        .hasMessage("a: channels must be in [1, 64], was 100");
  }

  @Test
  void audio_hugeFrameCount_isRejectedWithoutAllocating() {
    io.remotemedia.proto.AudioBuffer wire = io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(8000).setChannels(2)
        .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
        .setFrameCount(Long.MAX_VALUE / 4)
        .setSamples(ByteString.copyFrom(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)))
        .build();

    assertThatThrownBy(() -> AudioWire.fromProto(wire, "a"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("a: frame_count 2305843009213693951 is over the largest buffer of"
            + " 1073741823 frames at 2 channels; 8 bytes of samples were sent");
  }

  @Test
  void audio_frameCountOf2To63WithNoBytes_isInvalidAudioNotAnEmptyBuffer() {
    // 2^63 frames x 4 bytes wraps to 0 bytes in 64-bit arithmetic.
    io.remotemedia.proto.AudioBuffer wire = monoF32(Long.MIN_VALUE, new byte[0]);

    assertThatThrownBy(() -> AudioWire.fromProto(wire, "audio_inputs[\"in\"]"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("audio_inputs[\"in\"]: frame_count 9223372036854775808 is over the largest"
            + " buffer of 2147483647 frames at 1 channels; 0 bytes of samples were sent");
  }

  @Test
  void audio_frameCountThatWrapsToTheByteCount_isInvalidAudioNotTenFrames() {
    // 0xC00000000000000A frames x 4 bytes wraps to exactly 40 bytes, 10 frames' worth.
    io.remotemedia.proto.AudioBuffer wire = monoF32(0xC00000000000000AL, new byte[40]);

    assertThatThrownBy(() -> AudioWire.fromProto(wire, "a"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("a: frame_count 13835058055282163722 is over the largest buffer of"
            + " 2147483647 frames at 1 channels; 40 bytes of samples were sent");
  }

  @Test
  void explain_frameCountOf2To64Minus1_isInvalidAudio() {
    io.remotemedia.proto.ExplainPipelineRequest request =
        io.remotemedia.proto.ExplainPipelineRequest.newBuilder()
            .setManifest(ManifestWire.toProto(new ManifestParser().parse(
                "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\","
                    + " \"params\": {}}]}")))
            .putInputs("g", io.remotemedia.proto.InputSpec.newBuilder()
                .setFormat(ExplainWire.toProto(AudioFormat.f32(48_000, 64)))
                .setFrameCount(-1L) // 2^64 - 1 as a uint64
                .build())
            .build();

    assertThatThrownBy(() -> ExplainWire.fromProto(request))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("inputs[\"g\"].frame_count 18446744073709551615 is over the largest"
            + " supported, 9223372036854775807");
  }

  @Test
  void audio_pcmWithPacketLengths_isInvalidAudioAskingForTheEncoding() {
    // Opus packets sent without their encoding: without the check, a complaint about
    // frame_count, or (when the byte count happened to fit) the packets read as PCM.
    io.remotemedia.proto.AudioBuffer wire = monoF32(1, new byte[4]).toBuilder()
        .addPacketLengths(3).addPacketLengths(1).build();

    assertThatThrownBy(() -> AudioWire.fromProto(wire, "chunk 0 audio"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("chunk 0 audio: packet_lengths has 2 entries, but encoding is"
            + " AUDIO_ENCODING_PCM; packet_lengths is for AUDIO_ENCODING_OPUS_PACKETS: set the"
            + " encoding, or leave packet_lengths empty");
  }

  @Test
  void audio_muLawWithPacketLengths_isInvalidAudioNamingTheEncoding() {
    io.remotemedia.proto.AudioBuffer wire = io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(8000).setChannels(1)
        .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_MU_LAW)
        .setSamples(ByteString.copyFrom(new byte[4])).setFrameCount(4)
        .addPacketLengths(4).build();

    assertThatThrownBy(() -> AudioWire.fromProto(wire, "audio_inputs[\"in\"]"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessageStartingWith("audio_inputs[\"in\"]: packet_lengths has 1 entries, but"
            + " encoding is AUDIO_ENCODING_MU_LAW; packet_lengths is for");
  }

  @Test
  void audio_g711WithAFrameCountThatIsNotItsBytesOverChannels_isInvalidAudio() {
    // 10 bytes of stereo A-law are 5 frames: 0 (not given) and 5 are taken, 4 and 2^63 not.
    io.remotemedia.proto.AudioBuffer.Builder wire = io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(8000).setChannels(2)
        .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_A_LAW)
        .setSamples(ByteString.copyFrom(new byte[10]));

    assertThat(AudioWire.fromProto(wire.setFrameCount(0).build(), "in").frameCount())
        .isEqualTo(5);
    assertThat(AudioWire.fromProto(wire.setFrameCount(5).build(), "in").frameCount())
        .isEqualTo(5);
    for (long frames : new long[] {4, Long.MIN_VALUE}) {
      assertThatThrownBy(() -> AudioWire.fromProto(wire.setFrameCount(frames).build(),
              "audio_inputs[\"in\"]"))
          .isInstanceOfSatisfying(PipelineException.class, e ->
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
          .hasMessage("audio_inputs[\"in\"]: frame_count " + Long.toUnsignedString(frames)
              + " does not match the 10 bytes of A_LAW samples at 2 channels (one byte per"
              + " sample: 5 frames); set it to that, or leave it 0");
    }
    // 11 bytes are no whole number of stereo frames: no frame_count would do.
    assertThatThrownBy(() -> AudioWire.fromProto(wire.setFrameCount(5)
            .setSamples(ByteString.copyFrom(new byte[11])).build(), "in"))
        .hasMessage("in: the 11 bytes of A_LAW samples are not a whole number of frames at 2"
            + " channels (one byte per sample), and frame_count is 5");
  }

  @Test
  void outputEncodings_uint32PastTheIntRange_isRefusedQuotedAsSent() {
    // -5 sets the uint32 2^32 - 5, which an int reads as -5.
    Map<String, io.remotemedia.proto.OutputEncoding> bitrate = Map.of("sink",
        io.remotemedia.proto.OutputEncoding.newBuilder()
            .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS)
            .setBitrateBps(-5).build());
    Map<String, io.remotemedia.proto.OutputEncoding> duration = Map.of("sink",
        io.remotemedia.proto.OutputEncoding.newBuilder()
            .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OGG_OPUS)
            .setFrameDurationMs(Integer.MIN_VALUE).build());

    assertThatThrownBy(() -> EncodingWire.fromProto(bitrate))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("output_encodings[\"sink\"]: the Opus bit rate must be in [6000, 510000]"
            + " bit/s, was 4294967291");
    assertThatThrownBy(() -> EncodingWire.fromProto(duration))
        .hasMessage("output_encodings[\"sink\"]: the Opus frame duration must be 10, 20, 40"
            + " or 60 ms, was 2147483648");
  }

  @Test
  void outputEncodings_unknownEncodingUnderALongKey_quotesPartOfTheKeyWithItsLength() {
    String key = "s".repeat(5_000);
    Map<String, io.remotemedia.proto.OutputEncoding> wire = Map.of(key,
        io.remotemedia.proto.OutputEncoding.newBuilder().setEncodingValue(99).build());

    assertThatThrownBy(() -> EncodingWire.fromProto(wire))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("output_encodings[\"" + "s".repeat(64)
            + "…(5000 characters)\"]: encoding 99 is unknown");
  }

  @Test
  void execute_withoutManifest_isValidationNamingTheField() {
    io.remotemedia.proto.ExecuteRequest request = io.remotemedia.proto.ExecuteRequest
        .newBuilder().putAudioInputs("g", monoF32(1, new byte[4])).build();

    // Not the empty manifest's first complaint, about its version.
    assertThatThrownBy(() -> ExecutionWire.fromProto(request))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("manifest is required: the pipeline to run on audio_inputs");
  }

  private static io.remotemedia.proto.AudioBuffer monoF32(long frameCount, byte[] samples) {
    return io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(8000).setChannels(1)
        .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
        .setFrameCount(frameCount)
        .setSamples(ByteString.copyFrom(samples))
        .build();
  }

  @Test
  void manifest_throughProto_equalsTheParsedManifest() {
    PipelineManifest parsed = new ManifestParser().parse("""
        version: v1
        metadata: {name: n, description: d}
        nodes:
          - {id: a, node_type: Gain, params: {gain_db: 3, extra: {list: [1, "two", false, null]}}}
          - {id: b, node_type: Gain}
        connections: [{from: a, to: b}]
        """);

    assertThat(ManifestWire.fromProto(ManifestWire.toProto(parsed))).isEqualTo(parsed);
  }

  @Test
  void error_throughProto_keepsEveryField() {
    PipelineException error = PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "too big")
        .nodeId("gain")
        .location(new ManifestLocation("nodes[0]", 3, 5))
        .limit(new LimitViolation("max_input_samples", 10, 11))
        .retryAfterMs(250)
        .context(Map.of("k", "v"))
        .build();

    PipelineException back = ErrorWire.toBuilder(ErrorWire.toProto(error)).build();

    assertThat(back.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
    assertThat(back.getMessage()).isEqualTo("too big");
    assertThat(back.nodeId()).contains("gain");
    assertThat(back.location()).contains(new ManifestLocation("nodes[0]", 3, 5));
    assertThat(back.limit()).contains(new LimitViolation("max_input_samples", 10, 11));
    assertThat(back.retryAfterMs()).isEqualTo(250);
    assertThat(back.context()).containsEntry("k", "v");
  }

  @Test
  void errorKinds_mapOneToOneToWireTypes() {
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(ErrorWire.fromProto(ErrorWire.toProto(kind))).isEqualTo(kind);
    }
  }
}
