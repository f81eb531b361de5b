package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request's inputs keyed by something other than a source are refused on the embedded
 * runner, for executions and explanations alike, naming the key (cut when long: it is client
 * text), whether it names no node or a node a connection enters, and the sources. An
 * explanation's formats and frames for such a key were ignored before.
 */
class InputKeySourcesTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();
  /** Two sources, a and b, each feeding its own sink. */
  private final PipelineManifest pairs = ManifestBuilder.named("pairs")
      .node(NodeSpecs.gain("a", 0))
      .node(NodeSpecs.gain("a_out", -6))
      .node(NodeSpecs.gain("b", 0))
      .node(NodeSpecs.gain("b_out", -6))
      .connect("a", "a_out")
      .connect("b", "b_out")
      .build();

  private PipelineException refusedExecution(Map<String, AudioBuffer> inputs) {
    return catchThrowableOfType(PipelineException.class, () -> runner.execute(
        new ExecutionRequest(pairs, inputs, ExecutionLimits.UNSET)));
  }

  private static AudioBuffer silence() {
    return AudioBuffer.of(MONO, new float[160]);
  }

  @Test
  void execute_inputForANodeThatIsNotASource_isValidationNamingItAndTheSources() {
    PipelineException refused = refusedExecution(
        Map.of("a", silence(), "b", silence(), "b_out", silence()));

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage("audio_inputs[\"b_out\"] names a node that is not a source"
        + " (a connection enters it); sources: a, b");
  }

  @Test
  void execute_inputForNoNode_saysSo() {
    PipelineException refused = refusedExecution(Map.of("a", silence(), "c", silence()));

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage(
        "audio_inputs[\"c\"] names no node of the manifest; sources: a, b");
  }

  @Test
  void execute_longKey_isQuotedCutWithItsLength() {
    String key = "x".repeat(10_000);

    PipelineException refused = refusedExecution(Map.of("a", silence(), key, silence()));

    assertThat(refused).hasMessage("audio_inputs[\"" + "x".repeat(64)
        + "…(10000 characters)\"] names no node of the manifest; sources: a, b");
  }

  @Test
  void execute_aSourceWithoutInput_namesItAndTheInputsGiven() {
    PipelineException refused = refusedExecution(Map.of("b", silence()));

    assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(refused).hasMessage("source node \"a\" has no audio input; audio_inputs given: b");
  }

  @Test
  void explain_formatForANodeThatIsNotASource_isRefusedNotIgnored() {
    PipelineException refused = catchThrowableOfType(PipelineException.class,
        () -> runner.explain(new ExplainRequest(pairs,
            Map.of("a", MONO, "b", MONO, "a_out", MONO), Map.of(), ExecutionLimits.UNSET)));

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage("inputs[\"a_out\"] names a node that is not a source"
        + " (a connection enters it); sources: a, b");
  }

  @Test
  void explain_framesOrEncodingForNoNode_isRefused() {
    Map<String, AudioFormat> formats = Map.of("a", MONO, "b", MONO);

    PipelineException frames = catchThrowableOfType(PipelineException.class,
        () -> runner.explain(new ExplainRequest(pairs, formats, Map.of("z", 160L),
            ExecutionLimits.UNSET)));
    PipelineException encoding = catchThrowableOfType(PipelineException.class,
        () -> runner.explain(new ExplainRequest(pairs, formats, Map.of(), ExecutionLimits.UNSET,
            Map.of("z", InputEncoding.of(AudioEncoding.MU_LAW)), Map.of())));

    assertThat(frames).hasMessage("inputs[\"z\"] names no node of the manifest; sources: a, b");
    assertThat(encoding).hasMessage(frames.getMessage());
  }

  @Test
  void explain_ofTheSourcesAlone_isAnswered() {
    Explanation explanation = runner.explain(new ExplainRequest(pairs,
        Map.of("a", MONO, "b", MONO), Map.of("a", 160L, "b", 320L), ExecutionLimits.UNSET));

    assertThat(explanation.nodes()).hasSize(4);
  }
}
