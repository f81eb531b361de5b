package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output encodings keyed by something other than a sink are refused on the embedded runner,
 * for streams and explanations, naming the key, what it names, and the sinks; the stream takes
 * no slot. So are Opus packet settings out of range, when the stream opens, not at its first
 * result.
 */
class OutputEncodingSinksTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final Map<String, OutputEncoding> MU_LAW_FOR_NOTHING =
      Map.of("vda", OutputEncoding.of(AudioEncoding.MU_LAW));
  private static final Map<String, OutputEncoding> MU_LAW_FOR_THE_SOURCE =
      Map.of("in", OutputEncoding.of(AudioEncoding.MU_LAW));

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();
  /** in feeds both left and right: two sinks. */
  private final PipelineManifest fork = ManifestBuilder.named("fork")
      .node(NodeSpecs.resample("in", 16000))
      .node(NodeSpecs.gain("left", 0))
      .node(NodeSpecs.gain("right", -6))
      .connect("in", "left")
      .connect("in", "right")
      .build();

  /** Opens a stream of {@link #fork} asking for {@code encodings}; returns its refusal. */
  private PipelineException refusedOpen(Map<String, OutputEncoding> encodings) {
    return catchThrowableOfType(PipelineException.class, () -> runner.openStream(
        OpenStreamRequest.of(fork, MONO_48K).withOutputEncodings(encodings)));
  }

  /** Explains {@link #fork} asking for {@code encodings}; returns its refusal. */
  private PipelineException refusedExplain(Map<String, OutputEncoding> encodings) {
    return catchThrowableOfType(PipelineException.class, () -> runner.explain(
        ExplainRequest.of(fork, "in", MONO_48K, 0).withEncodings(Map.of(), encodings)));
  }

  @Test
  void openStream_opusBitrateOutOfRange_isRefusedAtOpenNamingTheSinkAndTheValue() {
    assertRefusedAtOpenAsInvalidAudio("left", new OutputEncoding(AudioEncoding.OPUS_PACKETS,
        5000, 20), "the Opus bit rate must be in [6000, 510000] bit/s, was 5000");
  }

  @Test
  void openStream_opusPacketDurationOutOfRange_isRefusedAtOpen() {
    assertRefusedAtOpenAsInvalidAudio("right", new OutputEncoding(AudioEncoding.OPUS_PACKETS,
        24_000, 30), "the Opus frame duration must be 10, 20, 40 or 60 ms, was 30");
  }

  @Test
  void openStream_opusForASinkAtARateOpusCannotCode_isRefusedAtOpenAsExplainRefusesIt() {
    PipelineManifest toCd = ManifestBuilder.named("cd")
        .node(NodeSpecs.resample("in", 44100))
        .build();
    Map<String, OutputEncoding> opus = Map.of("in", OutputEncoding.of(
        AudioEncoding.OPUS_PACKETS));

    PipelineException refused = catchThrowableOfType(PipelineException.class,
        () -> runner.openStream(OpenStreamRequest.of(toCd, MONO_48K)
            .withOutputEncodings(opus)));
    PipelineException explained = catchThrowableOfType(PipelineException.class,
        () -> runner.explain(ExplainRequest.of(toCd, "in", MONO_48K, 0)
            .withEncodings(Map.of(), opus)));

    assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(refused).hasMessageStartingWith("output_encodings[\"in\"]: cannot code 44100 Hz,"
        + " 1 ch, F32 as OPUS_PACKETS: Opus codes at 8000, 12000, 16000, 24000 or 48000 Hz");
    assertThat(refused).hasMessage(explained.getMessage());
    assertThat(runner.streams().active()).isZero();
  }

  private void assertRefusedAtOpenAsInvalidAudio(String sink, OutputEncoding encoding,
      String why) {
    PipelineException refused = refusedOpen(Map.of(sink, encoding));

    assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(refused).hasMessage("output_encodings[\"" + sink + "\"]: " + why);
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void openStream_outputEncodingForNoNode_isValidationNamingTheKeyAndTheSinks() {
    PipelineException refused = refusedOpen(MU_LAW_FOR_NOTHING);

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage(
        "output_encodings[\"vda\"] names no node of the manifest; sinks: left, right");
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void openStream_outputEncodingForANodeThatIsNotASink_isValidationSayingSo() {
    PipelineException refused = refusedOpen(MU_LAW_FOR_THE_SOURCE);

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage("output_encodings[\"in\"] names a node that is not a sink"
        + " (a connection leaves it); sinks: left, right");
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void explain_outputEncodingForNoNode_isValidationNamingTheKeyAndTheSinks() {
    PipelineException refused = refusedExplain(MU_LAW_FOR_NOTHING);

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage(
        "output_encodings[\"vda\"] names no node of the manifest; sinks: left, right");
  }

  @Test
  void explain_outputEncodingForANodeThatIsNotASink_isValidationSayingSo() {
    PipelineException refused = refusedExplain(MU_LAW_FOR_THE_SOURCE);

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused).hasMessage("output_encodings[\"in\"] names a node that is not a sink"
        + " (a connection leaves it); sinks: left, right");
  }

  @Test
  void openStream_longKey_isQuotedInPartWithItsLength() {
    String key = "k".repeat(10_000);

    PipelineException refused =
        refusedOpen(Map.of(key, OutputEncoding.of(AudioEncoding.MU_LAW)));

    assertThat(refused).hasMessage("output_encodings[\"" + "k".repeat(64)
        + "…(10000 characters)\"] names no node of the manifest; sinks: left, right");
  }

  @Test
  void openStream_encodingsForASinkAndANonSink_refusesTheNonSink() {
    PipelineException refused = refusedOpen(Map.of(
        "left", OutputEncoding.of(AudioEncoding.MU_LAW),
        "in", OutputEncoding.of(AudioEncoding.MU_LAW)));

    assertThat(refused).hasMessageStartingWith("output_encodings[\"in\"] names a node that is"
        + " not a sink");
  }
}
