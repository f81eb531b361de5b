package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import org.junit.jupiter.api.Test;

class AudioFormatConverterNodeFactoryTest {
  private static PipelineManifest manifest(String params) {
    return new ManifestParser().parse("""
        {
          "version": "v1",
          "nodes": [
            {"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}},
            {"id": "to16", "node_type": "AudioFormatConverter",
             "params": %s}
          ],
          "connections": [{"from": "gain", "to": "to16"}]
        }
        """.formatted(params));
  }

  @Test
  void execute_toI16_quantisesClipsAndReportsTheCount() {
    AudioFormat format = AudioFormat.f32(16000, 2);
    float[] in = {0.1f, -0.1f, 1.5f, -2f, 0.25f, 1e-6f};

    ExecutionResult result = LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest("{\"target_format\": \"i16\", \"dither\": \"none\"}"), "gain",
        AudioBuffer.of(format, in)));

    AudioBuffer out = result.audio("to16");
    assertThat(out.format()).isEqualTo(new AudioFormat(16000, 2, SampleFormat.I16));
    float[] expected = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      double steps = Math.max(-32768, Math.min(32767, Math.floor(in[i] * 32768.0 + 0.5)));
      expected[i] = (float) (steps / 32768);
    }
    assertThat(java.util.Arrays.copyOf(out.samples(), out.sampleCount()))
        .containsExactly(expected);
    assertThat(result.metrics().nodes().get(1).counters())
        .containsEntry("clipped_samples", 2.0);
  }

  @Test
  void execute_withDefaults_convertsToI16WithoutDither() {
    ExecutionResult result = LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest("{}"), "gain",
        AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.3f})));

    assertThat(result.audio("to16").format().sampleFormat()).isEqualTo(SampleFormat.I16);
    assertThat(result.audio("to16").samples()[0]).isEqualTo((float) (9830 / 32768.0));
  }

  @Test
  void compile_unknownTargetFormat_isLocated() {
    PipelineManifest bad = manifest("{\"target_format\": \"i24\"}");

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(bad,
        "gain", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[1]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[1].params.target_format (line 6, column 34): expected one of [f32,"
            + " i16, i32], found \"i24\" (did you mean \"i16\"?)")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void compile_tpdfWithF32Target_isLocatedAtDither() {
    PipelineManifest bad = manifest("{\"target_format\": \"f32\", \"dither\": \"tpdf\"}");

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(bad,
        "gain", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[1]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[1].params.dither (line 6, column 51): dither tpdf needs an integer"
            + " target_format (i16 or i32), found f32");
  }
}
