package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import org.junit.jupiter.api.Test;

class AudioResampleNodeFactoryTest {
  private static final String MANIFEST = """
      {
        "version": "v1",
        "nodes": [
          {"id": "rs", "node_type": "AudioResample",
           "params": {"target_sample_rate": %s, "quality": %s}}
        ]
      }
      """;

  @Test
  void execute_manifestResampling44100To16000_writesTheSineAtTheNewRate() {
    PipelineManifest manifest = new ManifestParser().parse(MANIFEST.formatted("16000",
        "\"high\""));
    int frames = 22050;
    float[] input = new float[frames * 2];
    for (int i = 0; i < frames; i++) {
      input[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 44100.0));
      input[2 * i + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 300 * i / 44100.0));
    }

    AudioBuffer output = LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "rs", AudioBuffer.of(AudioFormat.f32(44100, 2), input))).audio("rs");

    assertThat(output.format()).isEqualTo(AudioFormat.f32(16000, 2));
    assertThat(output.frameCount()).isEqualTo(8000);
    // Delay-compensated: away from the edges the output is the same sines sampled at 16 kHz.
    for (int n = 1000; n < 7000; n += 37) {
      assertThat(output.samples()[2 * n])
          .isCloseTo((float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 16000.0)), within(1e-5f));
      assertThat(output.samples()[2 * n + 1])
          .isCloseTo((float) (0.25 * Math.sin(2 * Math.PI * 300 * n / 16000.0)), within(1e-5f));
    }
  }

  @Test
  void execute_defaults_areHighQualityTo16k() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1", "nodes": [{"id": "rs", "node_type": "AudioResample"}]}
        """);

    AudioBuffer output = LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "rs", AudioBuffer.of(AudioFormat.f32(48000, 1), new float[4800]))).audio("rs");

    assertThat(output.format().sampleRateHz()).isEqualTo(16000);
    assertThat(output.frameCount()).isEqualTo(1600);
  }

  @Test
  void compile_targetRateOutOfRange_failsWithLocatedMessage() {
    PipelineManifest manifest = new ManifestParser().parse(MANIFEST.formatted("5",
        "\"high\""));

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "rs", AudioBuffer.of(AudioFormat.f32(48000, 1), new float[48]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.target_sample_rate (line 5, column 39): value 5 is out of"
            + " range; allowed: [8000, 192000]")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void compile_unknownQuality_namesTheChoices() {
    PipelineManifest manifest = new ManifestParser().parse(MANIFEST.formatted("16000",
        "\"ultra\""));

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "rs", AudioBuffer.of(AudioFormat.f32(48000, 1), new float[48]))))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("nodes[0].params.quality (line 5, column ")
        .hasMessageContaining("expected one of [quick, medium, high, very_high], found \"ultra\"");
  }

  @Test
  void execute_inputRateTooLow_failsNamingTheFormat() {
    PipelineManifest manifest = new ManifestParser().parse(MANIFEST.formatted("16000",
        "\"quick\""));

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "rs", AudioBuffer.of(AudioFormat.f32(4000, 1), new float[40]))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("input of node rs: AudioResample \"rs\" cannot take 4000 Hz, 1 ch, F32:"
            + " AudioResample needs an input rate in [8000, 192000] Hz, was 4000"
            + "; send audio in a format it takes, or change its parameters");
  }
}
