package io.remotemedia.proto.internal.marshal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.VadReport;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcmMessageTest {
  private static final Random RANDOM = new Random(11);

  static Stream<Arguments> results() {
    ExecutionMetrics metrics = new ExecutionMetrics(1.5, 1.25, 4096,
        List.of(new NodeMetrics("resample", "AudioResample", 0.75, 44_100, 16_000,
            Map.of("clipped", 2.0))), 0.125);
    Map<String, NodeReport> reports = Map.of("vad",
        new VadReport(List.of(new SpeechSegment(500, 1480))));
    Map<String, AudioBuffer> several = new LinkedHashMap<>();
    several.put("left", audio(48_000, 1, SampleFormat.F32, 4801));
    several.put("pcm16", audio(16_000, 2, SampleFormat.I16, 3333));
    several.put("wide", audio(8_000, 1, SampleFormat.I32, 2000));
    several.put("empty", audio(16_000, 1, SampleFormat.F32, 0));
    several.put("", audio(22_050, 1, SampleFormat.F32, 1));
    return Stream.of(
        Arguments.of("F32 mono", new ExecutionResult(
            Map.of("out", audio(16_000, 1, SampleFormat.F32, 16_000)), Map.of(), metrics),
            Map.of()),
        Arguments.of("I16 stereo", new ExecutionResult(
            Map.of("out", audio(44_100, 2, SampleFormat.I16, 44_100)), Map.of(), metrics),
            Map.of()),
        Arguments.of("I32 stereo, clipping", new ExecutionResult(
            Map.of("out", clipping(audio(48_000, 2, SampleFormat.I32, 960))), Map.of(), metrics),
            Map.of()),
        Arguments.of("empty", new ExecutionResult(
            Map.of("out", audio(16_000, 1, SampleFormat.F32, 0)), Map.of(), metrics), Map.of()),
        Arguments.of("no audio, reports", new ExecutionResult(Map.of(), reports, metrics),
            Map.of()),
        Arguments.of("several outputs and reports", new ExecutionResult(several, reports,
            metrics), Map.of()),
        Arguments.of("large (multi-byte lengths)", new ExecutionResult(
            Map.of("out", audio(48_000, 1, SampleFormat.F32, 480_000)), reports, metrics),
            Map.of()),
        Arguments.of("one sink coded as G.711, one PCM", new ExecutionResult(Map.of(
            "coded", audio(8_000, 1, SampleFormat.I16, 1600),
            "pcm", audio(16_000, 1, SampleFormat.F32, 3200)), reports, metrics),
            Map.of("coded", OutputEncoding.of(AudioEncoding.MU_LAW))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void stream_drained_isByteIdenticalToProtobufsOwnSerialization(String shape,
      ExecutionResult result, Map<String, OutputEncoding> encodings) throws IOException {
    byte[] standard = ExecutionWire.toProto(result,
        ExecutionWire.audioOutputs(result, encodings)).toByteArray();
    PcmMessage<ExecuteResponse> pcm = pcmMessage(result, encodings);
    InputStream stream = pcm.stream();
    assertThat(stream).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
    assertThat(stream.available()).isEqualTo(standard.length);

    ByteArrayOutputStream drained = new ByteArrayOutputStream();
    int written = ((Drainable) stream).drainTo(drained);

    assertThat(drained.toByteArray()).isEqualTo(standard);
    assertThat(written).isEqualTo(standard.length);
    assertThat(stream.available()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void stream_read_givesTheSameBytes(String shape, ExecutionResult result,
      Map<String, OutputEncoding> encodings) throws IOException {
    byte[] standard = ExecutionWire.toProto(result,
        ExecutionWire.audioOutputs(result, encodings)).toByteArray();

    assertThat(pcmMessage(result, encodings).stream().readAllBytes()).isEqualTo(standard);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void request_withTheResultsAudioAsInputs_isByteIdenticalToProtobufsOwn(String shape,
      ExecutionResult result, Map<String, OutputEncoding> encodings) throws IOException {
    PipelineManifest manifest = ManifestBuilder.named("shapes")
        .node(NodeSpecs.resample("resample", 16_000)).build();
    ExecutionRequest request = new ExecutionRequest(manifest, result.audioOutputs(),
        new ExecutionLimits(2_000, 0, 1L << 40));

    PcmMessage<ExecuteRequest> pcm = ExecutionWire.toPcmMessage(request, "v1.1");

    assertThat(pcm.stream().readAllBytes())
        .isEqualTo(ExecutionWire.toProto(request, "v1.1").toByteArray());
    assertThat(pcm.serializedSize())
        .isEqualTo(ExecutionWire.toProto(request, "v1.1").getSerializedSize());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void whole_isTheMessagesOwnBytes(String shape, ExecutionResult result,
      Map<String, OutputEncoding> encodings) throws IOException {
    ExecuteResponse standard = ExecutionWire.toProto(result,
        ExecutionWire.audioOutputs(result, encodings));

    assertThat(PcmMessage.whole(standard).stream().readAllBytes())
        .isEqualTo(standard.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void message_withoutItsSamples_isRefusedByTheDecoder(String shape, ExecutionResult result,
      Map<String, OutputEncoding> encodings) {
    PcmMessage<ExecuteResponse> pcm = pcmMessage(result, encodings);

    // Sent without the marshaller that writes the samples, a PCM output is not silently empty.
    result.audioOutputs().forEach((id, audio) -> {
      if (!encodings.containsKey(id) && audio.sampleCount() > 0) {
        assertThat(pcm.message().getAudioOutputsOrThrow(id).getSamples().size()).isZero();
        assertThat(pcm.message().getAudioOutputsOrThrow(id).getFrameCount())
            .isEqualTo(audio.frameCount());
      }
    });
  }

  private static PcmMessage<ExecuteResponse> pcmMessage(ExecutionResult result,
      Map<String, OutputEncoding> encodings) {
    return ExecutionWire.toPcmMessage(result,
        ExecutionWire.describedAudioOutputs(result, encodings), encodings);
  }

  private static AudioBuffer audio(int rateHz, int channels, SampleFormat format, int frames) {
    float[] samples = new float[frames * channels];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = RANDOM.nextFloat() * 2 - 1;
    }
    return AudioBuffer.of(new AudioFormat(rateHz, channels, format), samples, frames);
  }

  private static AudioBuffer clipping(AudioBuffer audio) {
    float[] samples = audio.samples().clone();
    samples[0] = 3f;
    samples[1] = -3f;
    samples[2] = Float.NaN;
    return AudioBuffer.of(audio.format(), samples, audio.frameCount());
  }
}
