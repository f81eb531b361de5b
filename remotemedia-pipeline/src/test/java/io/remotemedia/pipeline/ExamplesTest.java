package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The manifests in examples/ and the README's embedded example keep working. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void readmeEmbeddedExample_runsGainJson() throws IOException {
    PipelineManifest manifest = new ManifestParser().parse(EXAMPLES.resolve("gain.json"));
    PipelineRunner runner = LocalPipelineRunner.create();

    float[] samples = {0.5f, -0.5f, 0.25f, -0.25f};
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(48000, 2), samples);
    ExecutionResult result = runner.execute(ExecutionRequest.of(manifest, "gain", input));

    AudioBuffer output = result.audio("gain");
    assertThat(output.frameCount()).isEqualTo(2);
    // -6 dB is a factor of 10^(-6/20).
    assertThat(output.samples()[0]).isCloseTo((float) (0.5 * Math.pow(10, -0.3)), within(1e-6f));
  }

  @Test
  void gainYaml_chainsTwoGains() throws IOException {
    PipelineManifest manifest = new ManifestParser().parse(EXAMPLES.resolve("gain.yaml"));

    AudioBuffer output = LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
        "boost", AudioBuffer.of(AudioFormat.f32(16000, 1), new float[] {0.1f}))).audio("trim");

    // +12 dB then -6 dB is +6 dB.
    assertThat(output.samples()[0]).isCloseTo((float) (0.1 * Math.pow(10, 0.3)), within(1e-6f));
  }
}
