package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void tryExecute_freeSlot_runsAndGivesTheSlotBack() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(1).build();

    Optional<ExecutionResult> result = runner.tryExecute(
        ExecutionRequest.of(GAIN, "g", AudioBuffer.of(MONO, new float[] {0.5f, -0.25f})));

    assertThat(result).get().satisfies(r ->
        assertThat(r.audio("g").samples()).containsExactly(0.5f, -0.25f));
    assertThat(runner.admission().active()).isZero();
  }

  @Test
  void tryExecute_everySlotTaken_runsNothingAndNeitherWaitsNorQueues() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inside = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.of(List.of(
        new PassThroughNodeFactory("TestHold", "Holds until released.", () -> {
          runs.incrementAndGet();
          inside.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })));
    LocalPipelineRunner runner = LocalPipelineRunner.builder().registry(registry)
        .maxConcurrent(1).maxQueued(4).build();
    PipelineManifest hold = new ManifestParser().parse("""
        version: v1
        metadata: {name: hold}
        nodes:
          - {id: h, node_type: TestHold}
        """);
    ExecutionRequest request = ExecutionRequest.of(hold, "h", AudioBuffer.of(MONO, new float[8]));
    ExecutorService holder = Executors.newSingleThreadExecutor();
    try {
      Future<ExecutionResult> holding = holder.submit(() -> runner.execute(request));
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

      Optional<ExecutionResult> tried = runner.tryExecute(request);

      assertThat(tried).as("no slot was free").isEmpty();
      assertThat(runs).as("the node ran only for the holding call").hasValue(1);
      assertThat(runner.admission().waiting()).as("nothing queued").isZero();
      release.countDown();
      assertThat(holding.get(30, TimeUnit.SECONDS).audio("h").frameCount()).isEqualTo(8);
      assertThat(runner.tryExecute(request)).as("the slot is free again").isPresent();
    } finally {
      release.countDown();
      holder.shutdownNow();
    }
  }

  @Test
  void tryExecute_workOverTheBound_runsNothingAndGivesTheSlotBack() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(1).build();
    ExecutionRequest request = ExecutionRequest.of(manifest("""
        nodes:
          - {id: a, node_type: Gain, params: {gain_db: 0}}
          - {id: b, node_type: Gain, params: {gain_db: 0}}
        connections:
          - {from: a, to: b}
        """), "a", AudioBuffer.of(MONO, new float[1000]));

    assertThat(runner.tryExecute(request, 1999)).as("2 nodes x 1,000 samples, bound 1,999")
        .isEmpty();
    assertThat(runner.admission().active()).isZero();
    assertThat(runner.tryExecute(request, 2000)).as("bound 2,000").get()
        .satisfies(result -> assertThat(result.audio("b").frameCount()).isEqualTo(1000));
  }

  @Test
  void tryExecute_work_countsANodeThatRaisesTheRateOrAddsChannels_atItsOutput() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(1).build();
    ExecutionRequest up = ExecutionRequest.of(manifest("""
        nodes:
          - {id: r, node_type: AudioResample, params: {target_sample_rate: 48000}}
        """), "r", AudioBuffer.of(MONO, new float[1000]));
    ExecutionRequest stereo = ExecutionRequest.of(manifest("""
        nodes:
          - {id: c, node_type: ChannelMap, params: {mode: upmix_stereo}}
        """), "c", AudioBuffer.of(MONO, new float[1000]));

    assertThat(runner.tryExecute(up, 2999)).as("1,000 frames at 16 kHz out at 48 kHz")
        .isEmpty();
    assertThat(runner.tryExecute(up, 10_000)).isPresent();
    assertThat(runner.tryExecute(stereo, 1999)).as("1,000 mono frames out as stereo").isEmpty();
    assertThat(runner.tryExecute(stereo, 2000)).isPresent();
  }

  @Test
  void tryExecute_invalidManifest_failsAsExecuteDoesAndGivesTheSlotBack() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(1).build();
    PipelineManifest unknown = new ManifestParser().parse("""
        version: v1
        metadata: {name: unknown}
        nodes:
          - {id: x, node_type: NoSuchNode}
        """);

    assertThatThrownBy(() -> runner.tryExecute(
        ExecutionRequest.of(unknown, "x", AudioBuffer.of(MONO, new float[8]))))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThat(runner.admission().active()).isZero();
  }

  private static PipelineManifest manifest(String graph) {
    return new ManifestParser().parse("version: v1\nmetadata: {name: work}\n" + graph);
  }
}
