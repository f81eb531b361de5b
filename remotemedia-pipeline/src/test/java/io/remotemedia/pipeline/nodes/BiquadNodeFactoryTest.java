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
import org.junit.jupiter.api.Test;

class BiquadNodeFactoryTest {
  private static final int RATE = 48000;

  private static final String MANIFEST = """
      {
        "version": "v1",
        "nodes": [
          {"id": "dc", "node_type": "DcBlocker", "params": {"cutoff_hz": 5}},
          {"id": "lp", "node_type": "Biquad",
           "params": {"filter_type": "lowpass", "frequency_hz": 1000, "q": 0.7071067811865476,
                      "stages": 2}}
        ],
        "connections": [{"from": "dc", "to": "lp"}]
      }
      """;

  @Test
  void execute_dcBlockerThenTwoStageLowPass_attenuatesByTwiceTheSectionResponse() {
    PipelineManifest manifest = new ManifestParser().parse(MANIFEST);
    float[] input = new float[RATE];
    for (int i = 0; i < RATE; i++) {
      input[i] = (float) (0.1 + 0.5 * Math.sin(2 * Math.PI * 4000 * i / RATE));
    }

    ExecutionResult result = LocalPipelineRunner.create().execute(
        ExecutionRequest.of(manifest, "dc", AudioBuffer.of(AudioFormat.f32(RATE, 1), input)));

    AudioBuffer out = result.audio("lp");
    assertThat(out.frameCount()).isEqualTo(RATE);
    // Butterworth section at 4 kHz with the corner at 1 kHz (pre-warped bilinear):
    // |H| = 1 / sqrt(1 + W^4), W = tan(pi 4000/fs) / tan(pi 1000/fs); two sections square it.
    double w = Math.tan(Math.PI * 4000 / RATE) / Math.tan(Math.PI * 1000 / RATE);
    double expectedAmplitude = 0.5 / (1 + w * w * w * w);
    // Over the last 0.5 s (exactly 2000 periods of 4 kHz): the mean is the residual offset and
    // sqrt(2) * RMS is the tone's amplitude.
    double sum = 0;
    double sumSquares = 0;
    for (int i = RATE / 2; i < RATE; i++) {
      sum += out.samples()[i];
      sumSquares += out.samples()[i] * (double) out.samples()[i];
    }
    assertThat(sum / (RATE / 2)).isCloseTo(0, within(1e-6));
    assertThat(Math.sqrt(2 * sumSquares / (RATE / 2)))
        .isCloseTo(expectedAmplitude, within(expectedAmplitude * 0.002));
  }

  @Test
  void compile_unknownFilterType_isALocatedValidationError() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "f", "node_type": "Biquad", "params": {"filter_type": "lowpas"}}]}
        """);

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "f", AudioBuffer.of(AudioFormat.f32(RATE, 1), new float[10]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.filter_type (line 2, column 73): expected one of [lowpass,"
            + " highpass, bandpass, notch, lowshelf, highshelf, peaking], found \"lowpas\""
            + " (did you mean \"lowpass\"?)");
  }

  @Test
  void compile_gainOnATypeThatIgnoresIt_isALocatedValidationError() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "f", "node_type": "Biquad",
                    "params": {"filter_type": "highpass", "gain_db": -6.5}}]}
        """);

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "f", AudioBuffer.of(AudioFormat.f32(RATE, 1), new float[10]))))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("nodes[0].params.gain_db (line 3, column 62): gain_db -6.5 has no effect on"
            + " filter_type highpass; only lowshelf, highshelf and peaking use it");
  }

  @Test
  void execute_zeroGainOnALowPass_orAGainOnAShelf_runs() {
    for (String params : new String[] {
        "{\"filter_type\": \"lowpass\", \"gain_db\": 0}",
        "{\"filter_type\": \"lowshelf\", \"gain_db\": -6}"}) {
      PipelineManifest manifest = new ManifestParser().parse("""
          {"version": "v1", "nodes": [{"id": "f", "node_type": "Biquad", "params": %s}]}
          """.formatted(params));

      ExecutionResult result = LocalPipelineRunner.create().execute(ExecutionRequest.of(
          manifest, "f", AudioBuffer.of(AudioFormat.f32(RATE, 1), new float[10])));

      assertThat(result.audio("f").frameCount()).as(params).isEqualTo(10);
    }
  }

  @Test
  void compile_stagesOutOfRange_isALocatedValidationError() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "f", "node_type": "Biquad", "params": {"stages": 9}}]}
        """);

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "f", AudioBuffer.of(AudioFormat.f32(RATE, 1), new float[10]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.stages (line 2, column 68): value 9 is out of range;"
            + " allowed: [1, 8]");
  }

  @Test
  void execute_frequencyAboveTheInputsNyquist_failsValidationNamingBoth() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "f", "node_type": "Biquad", "params": {"frequency_hz": 9000}}]}
        """);

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "f", AudioBuffer.of(AudioFormat.f32(16000, 1), new float[10]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("input of node f: Biquad \"f\" cannot take 16000 Hz, 1 ch, F32:"
            + " frequency_hz 9000.0 Hz must be below the Nyquist frequency 8000.0 Hz of the"
            + " input"
            + "; send audio in a format it takes, or put an AudioResample, ChannelMap or"
            + " AudioFormatConverter node first")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void compile_dcBlockerCutoffNotANumber_isALocatedValidationError() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "d", "node_type": "DcBlocker", "params": {"cutoff_hz": "low"}}]}
        """);

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "d", AudioBuffer.of(AudioFormat.f32(RATE, 1), new float[10]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.cutoff_hz (line 2, column 74): expected a number, found a"
            + " string (\"low\")");
  }
}
