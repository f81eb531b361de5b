package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.Explanation.AdapterKind;
import io.remotemedia.pipeline.Explanation.ExplainedEdge;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainEdgesTest {
  private final LocalPipelineRunner runner = LocalPipelineRunner.create();
  private final PipelineManifest resampleThenGain = ManifestBuilder.named("voice")
      .chain(NodeSpecs.resample("in", 16000), NodeSpecs.gain("out", 0))
      .build();

  /** Explains {@link #resampleThenGain} for 48 kHz mono input coded as given. */
  private Explanation explainVoice(Map<String, InputEncoding> inputs,
      Map<String, OutputEncoding> outputs) {
    return runner.explain(ExplainRequest.of(resampleThenGain, "in", AudioFormat.f32(48000, 1),
        48000).withEncodings(inputs, outputs));
  }

  @Test
  void explain_opusInMuLawOut_listsBothAdaptersAndCountsThemInTheTotal() {
    Explanation explanation = explainVoice(
        Map.of("in", InputEncoding.of(AudioEncoding.OPUS_PACKETS)),
        Map.of("out", OutputEncoding.of(AudioEncoding.MU_LAW)));

    assertThat(explanation.edges()).hasSize(2);
    ExplainedEdge decoder = explanation.edges().get(0);
    assertThat(decoder.nodeId()).isEqualTo("in");
    assertThat(decoder.kind()).isEqualTo(AdapterKind.DECODER);
    assertThat(decoder.encoding()).isEqualTo(AudioEncoding.OPUS_PACKETS);
    assertThat(decoder.format()).isEqualTo(AudioFormat.f32(48000, 1));
    assertThat(decoder.frameDurationUs()).isEqualTo(20_000);
    // 6.5 ms at 48 kHz, the pre-skip libopus writes in every Ogg Opus file it makes.
    assertThat(decoder.lookaheadFrames()).isEqualTo(312);
    assertThat(decoder.delayFrames()).isEqualTo(312);
    assertThat(decoder.latencyMs()).isCloseTo(26.5, within(1e-9));
    ExplainedEdge encoder = explanation.edges().get(1);
    assertThat(encoder).isEqualTo(new ExplainedEdge("out", AdapterKind.ENCODER,
        AudioEncoding.MU_LAW, AudioFormat.f32(16000, 1), 0, 0, 0, 0, 0));
    double nodes = explanation.nodes().stream()
        .mapToDouble(Explanation.ExplainedNode::latencyMs).sum();
    assertThat(nodes).isPositive();
    assertThat(explanation.totalLatencyMs()).isCloseTo(26.5 + nodes, within(1e-9));
  }

  @Test
  void explain_opusOut_reportsBitrateFrameAndLatency() {
    Explanation explanation = explainVoice(Map.of(),
        Map.of("out", new OutputEncoding(AudioEncoding.OPUS_PACKETS, 16_000, 40)));

    ExplainedEdge encoder = explanation.edges().get(0);
    assertThat(encoder.kind()).isEqualTo(AdapterKind.ENCODER);
    assertThat(encoder.bitrateBps()).isEqualTo(16_000);
    assertThat(encoder.frameDurationUs()).isEqualTo(40_000);
    assertThat(encoder.lookaheadFrames()).isEqualTo(104);
    assertThat(encoder.latencyMs()).isCloseTo(46.5, within(1e-9));
    double withoutEncoder = explainVoice(Map.of(), Map.of()).totalLatencyMs();
    assertThat(explanation.totalLatencyMs()).isCloseTo(withoutEncoder + 46.5, within(1e-9));
  }

  @Test
  void explain_twoSourcesWithDifferentDecoders_takesTheSlowerPath() {
    PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: phone, node_type: Gain}
          - {id: app, node_type: Gain}
          - {id: mix, node_type: Mix}
        connections:
          - {from: phone, to: mix}
          - {from: app, to: mix}
        """);
    AudioFormat format = AudioFormat.f32(16000, 1);

    Explanation explanation = runner.explain(new ExplainRequest(manifest,
        Map.of("phone", format, "app", format), Map.of(), ExecutionLimits.UNSET,
        Map.of("phone", InputEncoding.of(AudioEncoding.A_LAW),
            "app", new InputEncoding(AudioEncoding.OPUS_PACKETS, 60_000)),
        Map.of()));

    assertThat(explanation.edges()).extracting(ExplainedEdge::nodeId)
        .containsExactlyInAnyOrder("phone", "app");
    assertThat(explanation.totalLatencyMs()).isCloseTo(66.5, within(1e-9));
  }

  @Test
  void explain_oneNodeCodedBothWays_addsBothAdapters() {
    PipelineManifest gain = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    Explanation explanation = runner.explain(ExplainRequest.of(gain, "g",
            AudioFormat.f32(16000, 1), 0)
        .withEncodings(Map.of("g", InputEncoding.of(AudioEncoding.OPUS_PACKETS)),
            Map.of("g", OutputEncoding.of(AudioEncoding.OPUS_PACKETS))));

    assertThat(explanation.edges()).extracting(ExplainedEdge::kind)
        .containsExactly(AdapterKind.DECODER, AdapterKind.ENCODER);
    assertThat(explanation.totalLatencyMs()).isCloseTo(2 * 26.5, within(1e-9));
  }

  @Test
  void explain_pcmEncodings_addNoAdapter() {
    Explanation explanation = explainVoice(Map.of("in", InputEncoding.of(AudioEncoding.PCM)),
        Map.of("out", OutputEncoding.of(AudioEncoding.PCM)));

    assertThat(explanation.edges()).isEmpty();
  }

  @Test
  void explain_opusOutAtARateOpusCannotCode_namesTheSinkAndTheRate() {
    PipelineManifest gain = ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();

    assertThatThrownBy(() -> runner.explain(ExplainRequest.of(gain, "g",
            AudioFormat.f32(44100, 1), 0)
        .withEncodings(Map.of(), Map.of("g", OutputEncoding.of(AudioEncoding.OGG_OPUS)))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("output_encodings[\"g\"]: cannot code 44100 Hz, 1 ch, F32 as OGG_OPUS:"
            + " Opus codes at 8000, 12000, 16000, 24000 or 48000 Hz, not 44100 Hz;"
            + " resample first")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
  }

  @Test
  void explain_outputEncodingForANodeThatIsNotASink_namesItAndTheSinks() {
    assertThatThrownBy(() -> explainVoice(Map.of(),
        Map.of("in", OutputEncoding.of(AudioEncoding.MU_LAW))))
        .isInstanceOf(PipelineException.class)
        .hasMessage("output_encodings[\"in\"] names a node that is not a sink (a connection"
            + " leaves it); sinks: out")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void explain_inputEncodingForANodeThatIsNotASource_namesItAndTheSources() {
    assertThatThrownBy(() -> explainVoice(
        Map.of("out", InputEncoding.of(AudioEncoding.MU_LAW)), Map.of()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("inputs[\"out\"] names a node that is not a source (a connection enters"
            + " it); sources: in");
  }
}
