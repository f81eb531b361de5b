package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VadNodeFactoryTest {
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);

  /** 2 s: silence, then 1 s of a 150 Hz harmonic series (vowel-like) from 0.5 s, then silence. */
  private static float[] burst() {
    float[] out = new float[32000];
    for (int i = 8000; i < 24000; i++) {
      double t = i / 16000.0;
      double s = 0;
      for (int h = 1; h <= 20; h++) {
        s += Math.sin(2 * Math.PI * 150 * h * t + h) / h;
      }
      out[i] = (float) (0.05 * s * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)));
    }
    return out;
  }

  private static String manifest(String params) {
    return """
        {
          "version": "v1",
          "nodes": [
            {"id": "vad", "node_type": "VAD",
             "params": %s}
          ]
        }
        """.formatted(params);
  }

  @Test
  void execute_withGate_keepsOnlyTheSpeechAndItsPadding() {
    PipelineManifest manifest = new ManifestParser().parse(manifest(
        "{\"mode\": \"aggressive\", \"frame_ms\": 20, \"padding_ms\": 100, \"gate\": true}"));

    ExecutionResult result = LocalPipelineRunner.create()
        .execute(ExecutionRequest.of(manifest, "vad", AudioBuffer.of(MONO_16K, burst())));

    // The burst lasts 1000 ms; padding adds 100 ms on each side, and the detector holds the
    // end for about 110-130 ms (see docs/nodes/VAD.md), so 1200 to 1350 ms come out.
    double outMs = result.audio("vad").frameCount() / 16.0;
    assertThat(outMs).isCloseTo(1275, within(75.0));
    assertThat(result.audio("vad").format()).isEqualTo(MONO_16K);
  }

  @Test
  void execute_withoutGate_passesTheAudioThrough() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{}"));
    float[] input = burst();

    ExecutionResult result = LocalPipelineRunner.create()
        .execute(ExecutionRequest.of(manifest, "vad", AudioBuffer.of(MONO_16K, input)));

    assertThat(result.audio("vad").frameCount()).isEqualTo(input.length);
  }

  @Test
  void execute_reportsTheSpeechSegmentAsDataOutput() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{\"padding_ms\": 0}"));

    ExecutionResult result = LocalPipelineRunner.create()
        .execute(ExecutionRequest.of(manifest, "vad", AudioBuffer.of(MONO_16K, burst())));

    // The burst spans 500 to 1500 ms; the end is reported after the detector's hangover.
    assertThat(result.report("vad", VadReport.class).segments()).singleElement()
        .satisfies(segment -> {
          assertThat(segment.startMs()).isCloseTo(500L, within(40L));
          assertThat(segment.endMs()).isBetween(1480L, 1700L);
        });
    assertThat(result.metrics().nodes().get(0).counters()).containsEntry("speech_segments", 1.0);
  }

  @Test
  void stream_emitsSpeechStartAndEndEventsAsTheyHappen() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{\"padding_ms\": 0}"));
    float[] input = burst();
    List<String> events = new ArrayList<>();
    try (PipelineStream stream = LocalPipelineRunner.create()
        .openStream(OpenStreamRequest.of(manifest, MONO_16K))) {
      for (int chunk = 0; chunk < input.length / 320; chunk++) {
        StreamResult result = stream.push(chunk, AudioBuffer.of(MONO_16K,
            Arrays.copyOfRange(input, chunk * 320, (chunk + 1) * 320)));
        List<VadEventReport.Event> reported = result.report("vad", VadEventReport.class)
            .map(VadEventReport::events).orElse(List.of());
        for (VadEventReport.Event event : reported) {
          // Each event arrives no earlier than the audio it describes.
          assertThat(event.timeMs()).isLessThanOrEqualTo((chunk + 1) * 20L);
          events.add(event.type() + "@" + chunk);
        }
      }
      stream.finish();
    }

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).startsWith("SPEECH_START@");
    assertThat(events.get(1)).startsWith("SPEECH_END@");
  }

  @Test
  void parse_frameMsNotTenTwentyOrThirty_isRejectedAtTheValue() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{\"frame_ms\": 15}"));

    assertThatThrownBy(() -> LocalPipelineRunner.create()
            .execute(ExecutionRequest.of(manifest, "vad", AudioBuffer.of(MONO_16K, burst()))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.frame_ms (line 5, column 29): value 15 is not allowed; "
            + "allowed: 10, 20, 30");
  }

  @Test
  void parse_unknownMode_namesTheAllowedModes() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{\"mode\": \"loud\"}"));

    assertThatThrownBy(() -> LocalPipelineRunner.create()
            .execute(ExecutionRequest.of(manifest, "vad", AudioBuffer.of(MONO_16K, burst()))))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("nodes[0].params.mode (line 5, column 25): expected one of "
            + "[permissive, normal, aggressive, very_aggressive], found \"loud\"");
  }

  @Test
  void execute_at44100Hz_isRefusedNamingTheRates() {
    PipelineManifest manifest = new ManifestParser().parse(manifest("{}"));

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
            manifest, "vad", AudioBuffer.of(AudioFormat.f32(44100, 1), new float[4410]))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("VAD supports 8000, 16000, 32000 and 48000 Hz, was 44100 Hz");
  }

  @Test
  void frameMs_advertisesTheValuesItTakes_notARangeWithGaps() {
    // The catalog (GetVersion, nodes.md) said [10, 30], and 15 was then refused.
    assertThat(VadNodeFactory.FRAME_MS.allowedText()).isEqualTo("10, 20, 30");
    assertThat(VadNodeFactory.FRAME_MS.allows(20)).isTrue();
    assertThat(VadNodeFactory.FRAME_MS.allows(15)).isFalse();
  }

  @Test
  void parameters_areTheManifestNames() {
    assertThat(new VadNodeFactory().parameters()).extracting(ParameterSpec::name)
        .containsExactly("mode", "frame_ms", "min_speech_ms", "min_silence_ms", "padding_ms",
            "gate");
  }
}
