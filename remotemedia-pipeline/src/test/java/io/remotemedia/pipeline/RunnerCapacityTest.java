package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import org.junit.jupiter.api.Test;

class RunnerCapacityTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: gain}
      nodes:
        - {id: g, node_type: Gain, params: {gain_db: 0}}
      """);
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);

  @Test
  void builder_unsetQueue_isFourPerSlot() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(8).build();

    assertThat(runner.admission().maxConcurrent()).isEqualTo(8);
    assertThat(runner.admission().maxQueued())
        .isEqualTo(8 * LocalPipelineRunner.DEFAULT_QUEUED_PER_SLOT);
    assertThat(runner.streams().maxConcurrent())
        .isEqualTo(LocalPipelineRunner.DEFAULT_MAX_STREAMS);
  }

  @Test
  void builder_explicitCapacity_reachesTheAdmissionControllers() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder()
        .maxConcurrent(3).maxQueued(0).maxStreams(1500).build();

    assertThat(runner.admission().maxConcurrent()).isEqualTo(3);
    assertThat(runner.admission().maxQueued()).isZero();
    assertThat(runner.streams().maxConcurrent()).isEqualTo(1500);
  }

  @Test
  void builder_negativeQueue_isRejected() {
    assertThatThrownBy(() -> LocalPipelineRunner.builder().maxQueued(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueued must be >= 0, was -1");
  }

  @Test
  void withLimits_sharesTheStreamSlotsAndTakesTheNewLimits() {
    LocalPipelineRunner before = LocalPipelineRunner.builder().maxStreams(1).build();
    LocalPipelineRunner after = before.withLimits(ExecutionLimits.DEFAULTS,
        new ExecutionLimits(1000, 0, 4));

    try (PipelineStream open = before.openStream(OpenStreamRequest.of(GAIN, MONO))) {
      assertThatThrownBy(() -> after.openStream(OpenStreamRequest.of(GAIN, MONO)))
          .isInstanceOfSatisfying(PipelineException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
      assertThat(after.streams().active()).isEqualTo(1);
    }
    assertThat(after.admission()).isSameAs(before.admission());
    assertThat(after.effectiveLimits(ExecutionLimits.UNSET).maxInputSamples()).isEqualTo(4);
    assertThat(before.effectiveLimits(ExecutionLimits.UNSET).maxInputSamples())
        .isEqualTo(ExecutionLimits.DEFAULTS.maxInputSamples());
  }
}
