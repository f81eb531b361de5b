package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FanInTest {
  private final LocalPipelineRunner runner = LocalPipelineRunner.create();

  private static float[] sine(double hz, int rate, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  @Test
  void mix_ofInputsOverSixtyFourChannelsSideBySide_isRefusedAsValidation() {
    // 13 inputs of 5 channels: 65 side by side, one over AudioFormat's limit.
    StringBuilder graph = new StringBuilder("version: v1\nnodes:\n  - {id: src, node_type: Gain}\n"
        + "  - {id: mix, node_type: Mix, params: {inputs: 13}}\n");
    StringBuilder edges = new StringBuilder("connections:\n");
    for (int i = 0; i < 13; i++) {
      graph.append("  - {id: g").append(i).append(", node_type: Gain}\n");
      edges.append("  - {from: src, to: g").append(i).append("}\n")
          .append("  - {from: g").append(i).append(", to: mix}\n");
    }
    PipelineManifest manifest = new ManifestParser().parse(graph.append(edges).toString());

    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(manifest, "src",
        AudioBuffer.of(AudioFormat.f32(8000, 5), new float[10]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.nodeId()).contains("mix");
          assertThat(e.limit()).contains(new LimitViolation("channels", 64, 65));
        })
        .hasMessageContaining("Mix \"mix\" joins 13 inputs of 5 channels, 65 side by side");
  }

  @Test
  void mix_ofTwoGainBranches_averagesThem() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: loud, node_type: Gain, params: {gain_db: 6.020599913279624}}
          - {id: quiet, node_type: Gain, params: {gain_db: -120}}
          - {id: mix, node_type: Mix, params: {inputs: 2}}
        connections:
          - {from: src, to: loud}
          - {from: src, to: quiet}
          - {from: loud, to: mix}
          - {from: quiet, to: mix}
        """);
    float[] input = {0.1f, -0.2f, 0.3f};

    AudioBuffer out = runner.execute(ExecutionRequest.of(manifest, "src",
        AudioBuffer.of(AudioFormat.f32(8000, 1), input))).audio("mix");

    // (2x + 1e-6 x) / 2 = x (1 + 5e-7)
    for (int i = 0; i < input.length; i++) {
      assertThat(out.samples()[i]).isCloseTo(input[i], within(1e-6f));
    }
    assertThat(out.frameCount()).isEqualTo(3);
  }

  @Test
  void mix_branchWithResamplingDelay_staysAligned() {
    // The resampled branch has filter delay inside; its delay compensation must line it up
    // with the direct branch, or the mix of a sine with itself would not be the sine.
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: down, node_type: AudioResample, params: {target_sample_rate: 24000}}
          - {id: up, node_type: AudioResample, params: {target_sample_rate: 48000}}
          - {id: mix, node_type: Mix}
        connections:
          - {from: src, to: down}
          - {from: down, to: up}
          - {from: src, to: mix}
          - {from: up, to: mix}
        """);
    float[] input = sine(1000, 48000, 24000);

    AudioBuffer out = runner.execute(ExecutionRequest.of(manifest, "src",
        AudioBuffer.of(AudioFormat.f32(48000, 1), input))).audio("mix");

    assertThat(out.frameCount()).isEqualTo(input.length);
    for (int i = 2000; i < input.length - 2000; i += 7) {
      assertThat(out.samples()[i]).isCloseTo(input[i], within(1e-4f));
    }
  }

  @Test
  void mix_streamed_equalsUnaryForRandomChunkings() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: down, node_type: AudioResample, params: {target_sample_rate: 16000}}
          - {id: up, node_type: AudioResample, params: {target_sample_rate: 44100}}
          - {id: mix, node_type: Mix, params: {average: false}}
        connections:
          - {from: src, to: down}
          - {from: down, to: up}
          - {from: src, to: mix}
          - {from: up, to: mix}
        """);
    AudioFormat format = AudioFormat.f32(44100, 1);
    float[] input = sine(440, 44100, 20_000);
    AudioBuffer unary = runner.execute(ExecutionRequest.of(manifest, "src",
        AudioBuffer.of(format, input))).audio("mix");

    Random random = new Random(5);
    float[] streamed = new float[0];
    try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(manifest, format))) {
      int offset = 0;
      for (long sequence = 0; offset < input.length; sequence++) {
        int n = Math.min(input.length - offset, random.nextInt(3000) + 1);
        AudioBuffer result = stream.push(sequence, AudioBuffer.of(format,
            Arrays.copyOfRange(input, offset, offset + n))).audioOutputs().get("mix");
        streamed = append(streamed, result);
        offset += n;
      }
      streamed = append(streamed, stream.finish().audio("mix"));
    }

    assertThat(streamed).containsExactly(Arrays.copyOf(unary.samples(), unary.sampleCount()));
  }

  @Test
  void mix_ofDifferentFormats_namesBothEdgesAndTheFix() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: down, node_type: AudioResample, params: {target_sample_rate: 16000}}
          - {id: mix, node_type: Mix}
        connections:
          - {from: src, to: mix}
          - {from: src, to: down}
          - {from: down, to: mix}
        """);

    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(manifest, "src",
            AudioBuffer.of(AudioFormat.f32(48000, 1), new float[100]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.nodeId()).contains("mix");
        })
        .hasMessage("edges src -> mix and down -> mix: the inputs of Mix \"mix\" must have one"
            + " format, but they carry 48000 Hz, 1 ch, F32 and 16000 Hz, 1 ch, F32; insert an"
            + " AudioResample, ChannelMap or AudioFormatConverter node on one of them");
  }

  @Test
  void explain_mix_listsBothInputsAndTheLongerLatency() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: slow, node_type: AudioResample, params: {target_sample_rate: 48000}}
          - {id: mix, node_type: Mix}
        connections:
          - {from: src, to: mix}
          - {from: src, to: slow}
          - {from: slow, to: mix}
        """);

    Explanation explanation = runner.explain(ExplainRequest.of(manifest, "src",
        AudioFormat.f32(48000, 2), 0));

    Explanation.ExplainedNode mix = explanation.nodes().get(2);
    Explanation.ExplainedNode slow = explanation.nodes().get(1);
    assertThat(mix.upstreamIds()).containsExactly("src", "slow");
    assertThat(mix.inputFormat()).isEqualTo(AudioFormat.f32(48000, 4));
    assertThat(mix.outputFormat()).isEqualTo(AudioFormat.f32(48000, 2));
    assertThat(mix.cumulativeLatencyMs()).isEqualTo(slow.cumulativeLatencyMs());
  }

  private static float[] append(float[] into, AudioBuffer buffer) {
    float[] out = Arrays.copyOf(into, into.length + buffer.sampleCount());
    System.arraycopy(buffer.samples(), 0, out, into.length, buffer.sampleCount());
    return out;
  }
}
