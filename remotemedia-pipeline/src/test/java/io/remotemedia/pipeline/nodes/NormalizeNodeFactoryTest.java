package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.NormalizeReport;
import org.junit.jupiter.api.Test;

class NormalizeNodeFactoryTest {
  private static final int RATE = 48000;

  private static float[] sine(double amplitude, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * 1000 * i / RATE));
    }
    return out;
  }

  private static AudioBuffer run(String manifestText, float[] input) {
    PipelineManifest manifest = new ManifestParser().parse(manifestText);
    return LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest, "norm",
        AudioBuffer.of(AudioFormat.f32(RATE, 1), input))).audio("norm");
  }

  private static double peakDb(AudioBuffer buffer) {
    double peak = 0;
    for (int i = 0; i < buffer.sampleCount(); i++) {
      peak = Math.max(peak, Math.abs(buffer.samples()[i]));
    }
    return 20 * Math.log10(peak);
  }

  @Test
  void execute_loudnessMode_normalisesAMonoSine() {
    // A mono 1 kHz sine at -20 dBFS reads -23.01 LUFS (BS.1770: -3.01 for 0 dBFS on one
    // channel), so a -16 LUFS target is +7.01 dB: -12.99 dBFS out.
    AudioBuffer out = run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize",
                    "params": {"mode": "loudness", "target_lufs": -16, "max_duration_s": 10}}]}
        """, sine(0.1, 5 * RATE));

    assertThat(out.frameCount()).isEqualTo(5 * RATE);
    assertThat(peakDb(out)).isCloseTo(-20 + 7.01, within(0.1));
  }

  @Test
  void execute_loudnessMode_reportsMeasuredLoudnessAsDataAndCounters() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize",
                    "params": {"target_lufs": -16, "max_duration_s": 10}}]}
        """);

    ExecutionResult result = LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "norm", AudioBuffer.of(AudioFormat.f32(RATE, 1), sine(0.1, 5 * RATE))));

    // As above: -23.01 LUFS measured, so +7.01 dB applied.
    NormalizeReport report = result.report("norm", NormalizeReport.class);
    assertThat(report.measuredLufs().getAsDouble()).isCloseTo(-23.01, within(0.05));
    assertThat(report.appliedGainDb().getAsDouble()).isCloseTo(7.01, within(0.05));
    assertThat(result.metrics().nodes().get(0).counters())
        .containsKeys("measured_lufs", "sample_peak_dbfs", "true_peak_dbtp", "applied_gain_db");
  }

  @Test
  void execute_peakModeWithCeiling_appliesTheLowerGain() {
    AudioBuffer out = run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize",
                    "params": {"mode": "peak", "target_db": -1, "true_peak_ceiling_dbtp": -6,
                               "max_duration_s": 2}}]}
        """, sine(0.1, RATE));

    assertThat(peakDb(out)).isCloseTo(-6, within(0.05));
  }

  @Test
  void execute_streamLongerThanMaxDuration_failsTheNode() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize", "params": {"max_duration_s": 1}}]}
        """, sine(0.1, 2 * RATE)))
        .isInstanceOf(PipelineException.class)
        // Five chunks of 8192 frames fit in 48000; the sixth does not.
        .hasMessage("node \"norm\" (Normalize) failed on its input's frames 40960 to 49151:"
            + " Normalize buffers at most max_duration_s = 1.0 s (48000 frames); the stream is"
            + " longer")
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.NODE_EXECUTION);
          assertThat(e.nodeId()).contains("norm");
          assertThat(e.context()).containsEntry("node_type", "Normalize")
              .containsEntry("frames_in", "40960");
        });
  }

  @Test
  void compile_ceilingAboveZero_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize",
                    "params": {"true_peak_ceiling_dbtp": 3}}]}
        """, new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.true_peak_ceiling_dbtp (line 3, column 50): value 3 is out"
            + " of range; allowed: [-30, 0]");
  }

  @Test
  void compile_aTargetTheModeDoesNotUse_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize",
                    "params": {"mode": "peak", "target_lufs": -16}}]}
        """, new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.target_lufs (line 3, column 55): target_lufs is only used"
            + " with mode loudness; mode is peak");
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize", "params": {"target_db": -3}}]}
        """, new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.target_db (line 2, column 77): target_db is only used with"
            + " mode peak; mode is loudness");
  }

  @Test
  void compile_unknownMode_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "norm", "node_type": "Normalize", "params": {"mode": "lufs"}}]}
        """, new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("nodes[0].params.mode (line 2, column 72): expected one of"
            + " [peak, loudness], found \"lufs\"");
  }
}
