package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.format.Dither;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainTest {
  private final LocalPipelineRunner runner = LocalPipelineRunner.create();

  @Test
  void explain_chain_givesOrderFormatsAndLatency() {
    PipelineManifest manifest = ManifestBuilder.named("voice")
        .chain(NodeSpecs.resample("resample", 16000),
            NodeSpecs.downmixToMono("mono"),
            NodeSpecs.convertFormat("pcm", SampleFormat.I16, Dither.TPDF))
        .build();

    Explanation explanation = runner.explain(ExplainRequest.of(manifest, "resample",
        AudioFormat.f32(44100, 2), 44100));

    assertThat(explanation.nodes()).extracting(Explanation.ExplainedNode::id)
        .containsExactly("resample", "mono", "pcm");
    assertThat(explanation.nodes()).extracting(Explanation.ExplainedNode::outputFormat)
        .containsExactly(AudioFormat.f32(16000, 2), AudioFormat.f32(16000, 1),
            new AudioFormat(16000, 1, SampleFormat.I16));
    assertThat(explanation.nodes().get(1).inputFormat()).isEqualTo(AudioFormat.f32(16000, 2));
    // Only the resampler has latency; the total is its latency at the output rate.
    Explanation.ExplainedNode resample = explanation.nodes().get(0);
    assertThat(explanation.totalLatencyMs())
        .isCloseTo(resample.latencyFrames() * 1000.0 / 16000, within(1e-9));
    assertThat(explanation.admitted()).isTrue();
    assertThat(explanation.memoryEstimateBytes()).isPositive();
  }

  @Test
  void explain_overInputLimit_isNotAdmittedAndSaysWhy() {
    PipelineManifest manifest = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    Explanation explanation = runner.explain(new ExplainRequest(manifest,
        Map.of("g", AudioFormat.f32(8000, 2)), Map.of("g", 1000L),
        new ExecutionLimits(0, 0, 1999)));

    assertThat(explanation.admitted()).isFalse();
    assertThat(explanation.refusal())
        .isEqualTo("the inputs hold 2000 samples, over the limit of 1999 (max_input_samples)");
  }

  @Test
  void explain_framesTimesChannelsPast64Bits_isNotAdmitted() {
    PipelineManifest manifest = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    // (2^63 - 1) x 64 channels wraps to a negative sample count in 64-bit arithmetic.
    Explanation explanation = runner.explain(ExplainRequest.of(manifest, "g",
        AudioFormat.f32(48_000, 64), Long.MAX_VALUE));

    assertThat(explanation.admitted()).isFalse();
    assertThat(explanation.refusal()).endsWith("(max_input_samples)");
  }

  @Test
  void explain_framesTimesChannelsWrappingToZero_isNotAdmitted() {
    PipelineManifest manifest = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    // 2^62 frames x 4 channels is 2^64, which wraps to 0 samples.
    Explanation explanation = runner.explain(ExplainRequest.of(manifest, "g",
        AudioFormat.f32(48_000, 4), 1L << 62));

    assertThat(explanation.admitted()).isFalse();
    assertThat(explanation.memoryEstimateBytes()).isPositive();
  }

  @Test
  void explainRequest_negativeFrameCount_isRefused() {
    PipelineManifest manifest = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    assertThatThrownBy(() -> ExplainRequest.of(manifest, "g", AudioFormat.f32(8000, 1), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputFrames[\"g\"] must be >= 0, was -1");
  }

  @Test
  void explain_formatMismatch_namesTheEdgeAndTheFix() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: mono, node_type: ChannelMap}
          - {id: wide, node_type: ChannelMap, params: {mode: upmix_stereo}}
          - {id: again, node_type: ChannelMap, params: {mode: upmix_stereo}}
        connections:
          - {from: mono, to: wide}
          - {from: wide, to: again}
        """);

    assertThatThrownBy(() -> runner.explain(ExplainRequest.of(manifest, "mono",
            AudioFormat.f32(16000, 2), 0)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.nodeId()).contains("again");
          assertThat(e.location()).hasValueSatisfying(location ->
              assertThat(location.line()).isEqualTo(5));
          assertThat(e.getMessage()).startsWith(
              "edge wide -> again: ChannelMap \"again\" cannot take 16000 Hz, 2 ch, F32:")
              .endsWith("; insert an AudioResample, ChannelMap or AudioFormatConverter node"
                  + " on this edge");
        });
  }

  @Test
  void explain_missingSourceFormat_isValidation() {
    PipelineManifest manifest = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    assertThatThrownBy(() -> runner.explain(new ExplainRequest(manifest, Map.of(), Map.of(),
            ExecutionLimits.UNSET)))
        .hasMessage("source node \"g\" has no input format; formats given for: none");
  }
}
