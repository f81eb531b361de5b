package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalPipelineRunner.Builder#totalMemoryBytes}: all calls' buffers together stay within
 * it, each call's room is given back when it ends, and a call that finds it taken by others is
 * told to retry (BUSY), while one that could never fit is refused for good (RESOURCE_LIMIT).
 */
class TotalMemoryTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final long TOTAL = 64L << 20;
  /** 100 s of 48 kHz mono: 19.2 MB of Normalize buffer and as much for its flush, ~38 MB. */
  private static final PipelineManifest NORMALIZE_100_S = NormalizeManifests.buffering(100);

  /** 64 channels through one Gain, on a runner that allows 16 MiB. */
  private static final AudioFormat WIDE = AudioFormat.f32(48000, 64);
  private static final PipelineManifest GAIN =
      ManifestBuilder.named("g").node(NodeSpecs.gain("g", 0)).build();
  private final LocalPipelineRunner small = LocalPipelineRunner.builder()
      .totalMemoryBytes(16L << 20)
      .build();

  private final LocalPipelineRunner runner = LocalPipelineRunner.builder()
      .totalMemoryBytes(TOTAL)
      .build();

  @Test
  void aSecondStream_thatFindsTheMemoryTaken_isBusy_untilTheFirstEnds() {
    PipelineStream first = runner.openStream(OpenStreamRequest.of(NORMALIZE_100_S, MONO_48K));
    long held = runner.memory().usedBytes();
    assertThat(held).isGreaterThan(2 * 100L * 48000 * Float.BYTES).isLessThanOrEqualTo(TOTAL);

    assertThatThrownBy(() -> runner.openStream(OpenStreamRequest.of(NORMALIZE_100_S, MONO_48K)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
          assertThat(e.nodeId()).contains("norm");
          assertThat(e.retryAfterMs()).isPositive();
          assertThat(e.limit()).hasValueSatisfying(limit -> {
            assertThat(limit.limit()).isEqualTo("total_memory_bytes");
            assertThat(limit.limitValue()).isEqualTo(TOTAL);
          });
          assertThat(e.getMessage()).contains("other calls hold " + held + " of the " + TOTAL
              + " bytes");
        });
    // The refused stream gave back what it had taken before the node that did not fit.
    assertThat(runner.memory().usedBytes()).isEqualTo(held);

    first.cancel();
    assertThat(runner.memory().usedBytes()).isZero();
    PipelineStream second = runner.openStream(OpenStreamRequest.of(NORMALIZE_100_S, MONO_48K));
    second.cancel();
    assertThat(runner.memory().usedBytes()).isZero();
  }

  @Test
  void aCallLargerThanTheTotal_byItself_isRefusedForGood() {
    // 200 s: about 77 MB, within the request's 1 GiB but over the runner's 64 MiB.
    PipelineManifest large = NormalizeManifests.buffering(200);

    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(large, "in",
            AudioBuffer.of(MONO_48K, new float[4800]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).hasValueSatisfying(limit ->
              assertThat(limit.limit()).isEqualTo("total_memory_bytes"));
          assertThat(e.getMessage()).contains("bytes this runner allows all its calls together"
              + " (total_memory_bytes)");
        });
    assertThat(runner.memory().usedBytes()).isZero();
  }

  @Test
  void executeAndExplain_giveTheirMemoryBack_whenTheyEnd() {
    AudioBuffer second = AudioBuffer.of(MONO_48K, new float[48000]);

    ExecutionResult result = runner.execute(ExecutionRequest.of(NORMALIZE_100_S, "in", second));
    assertThat(result.audio("norm").frameCount()).isEqualTo(48000);
    assertThat(runner.memory().usedBytes()).isZero();

    Explanation explanation = runner.explain(
        ExplainRequest.of(NORMALIZE_100_S, "in", MONO_48K, 48000));
    assertThat(explanation.admitted()).isTrue();
    assertThat(runner.memory().usedBytes()).isZero();
    assertThat(runner.memory().limitBytes()).isEqualTo(TOTAL);
  }

  @Test
  void aStreamThatFails_givesItsMemoryBack() {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(NORMALIZE_100_S, MONO_48K));
    assertThat(runner.memory().usedBytes()).isPositive();

    // A chunk in another format fails the stream.
    assertThatThrownBy(() -> stream.push(0, AudioBuffer.of(AudioFormat.f32(16000, 1),
        new float[160]))).isInstanceOf(PipelineException.class);

    assertThat(runner.memory().usedBytes()).isZero();
  }

  @Test
  void anOpenStreamsGrowth_isCountedButNotRefused_whileNewCallsAre() {
    // The plan takes 4 MiB; a 2 s chunk's output 24.6 MB more, past the 16 MiB.
    PipelineStream stream = small.openStream(OpenStreamRequest.of(GAIN, WIDE));

    StreamResult result = stream.push(0, AudioBuffer.of(WIDE, new float[96_000 * 64]));

    assertThat(result.audioOutputs().get("g").frameCount()).isEqualTo(96_000);
    assertThat(small.memory().usedBytes()).isGreaterThan(small.memory().limitBytes());
    assertThatThrownBy(() -> small.execute(ExecutionRequest.of(GAIN, "g",
            AudioBuffer.of(WIDE, new float[64 * 100]))))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
    stream.cancel();
    assertThat(small.memory().usedBytes()).isZero();
  }

  @Test
  void aUnaryCallWhoseOutputsAloneAreLargerThanTheTotal_isRefusedForGood_notBusy() {

    assertThatThrownBy(() -> small.execute(ExecutionRequest.of(GAIN, "g",
            AudioBuffer.of(WIDE, new float[96_000 * 64]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).hasValueSatisfying(limit ->
              assertThat(limit.limit()).isEqualTo("total_memory_bytes"));
        });
    assertThat(small.memory().usedBytes()).isZero();
  }

  @Test
  void hold_outputKeptAfterItsCall_countsUntilClosed() {
    // A server's unsent response: 12 MB of the 16 MiB, kept after its call ended.
    BufferMemory.Hold response = small.memory().hold(12_000_000);
    assertThat(small.memory().usedBytes()).isEqualTo(12_000_000);

    // 1 s of 64 channels needs 12.3 MB of output, more than is left: BUSY, not for good.
    assertThatThrownBy(() -> small.execute(ExecutionRequest.of(GAIN, "g",
            AudioBuffer.of(WIDE, new float[48_000 * 64]))))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
    assertThat(small.memory().usedBytes()).isEqualTo(12_000_000);

    response.close();
    response.close();
    assertThat(small.memory().usedBytes()).isZero();
    assertThat(small.execute(ExecutionRequest.of(GAIN, "g",
        AudioBuffer.of(WIDE, new float[48_000 * 64]))).audio("g").frameCount()).isEqualTo(48_000);
    // Counted even past the limit: the memory it stands for exists already.
    try (BufferMemory.Hold large = small.memory().hold(20L << 20)) {
      assertThat(small.memory().usedBytes()).isEqualTo(20L << 20);
    }
    assertThat(small.memory().usedBytes()).isZero();
    assertThatThrownBy(() -> small.memory().hold(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bytes must be >= 0, was -1");
  }

  @Test
  void tryHold_moreThanTheRoomLeft_takesNothing() {
    BufferMemory.Hold most = small.memory().tryHold(12_000_000).orElseThrow();

    assertThat(small.memory().tryHold(5_000_000)).isEmpty();
    assertThat(small.memory().usedBytes()).isEqualTo(12_000_000);
    BufferMemory.Hold rest = small.memory().tryHold((16L << 20) - 12_000_000).orElseThrow();
    assertThat(small.memory().usedBytes()).isEqualTo(16L << 20);
    assertThat(small.memory().tryHold(1)).isEmpty();

    most.close();
    rest.close();
    assertThat(small.memory().usedBytes()).isZero();
  }

  @Test
  void theDefault_isHalfTheHeap() {
    assertThat(LocalPipelineRunner.create().memory().limitBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 2);
  }
}
