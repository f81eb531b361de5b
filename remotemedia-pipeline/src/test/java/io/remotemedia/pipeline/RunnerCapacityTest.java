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
import java.util.function.BooleanSupplier;
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

  @Test
  void openStream_everyExecutionSlotTakenAndNoQueue_isRefusedAsBusyBeforeItPlans()
      throws Exception {
    try (SlotWatch watch = new SlotWatch(/* maxQueued= */ 0)) {
      LocalPipelineRunner runner = watch.runner;
      Future<ExecutionResult> holding = watch.holdTheSlot();

      assertThatThrownBy(() -> runner.openStream(OpenStreamRequest.of(watch.planned, MONO)))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
            assertThat(e.retryAfterMs()).isPositive();
            assertThat(e.getMessage()).startsWith(
                "the runner is at capacity: all 1 execution slots are taken; retry after ");
          });
      assertThat(watch.configured).as("nothing planned").hasValue(0);
      assertThat(runner.streams().active()).as("the stream slot went back").isZero();
      watch.release.countDown();
      assertThat(holding.get(30, TimeUnit.SECONDS).audio("h").frameCount()).isEqualTo(8);
    }
  }

  @Test
  void openStream_everyExecutionSlotTaken_waitsInTheQueueThenPlansInASlotItGivesBackOnceOpen()
      throws Exception {
    try (SlotWatch watch = new SlotWatch(/* maxQueued= */ 1)) {
      LocalPipelineRunner runner = watch.runner;
      Future<ExecutionResult> holding = watch.holdTheSlot();
      Future<PipelineStream> opening = watch.openBehindIt();
      assertThat(watch.configured).as("the open waits, unplanned").hasValue(0);
      assertThat(opening).isNotDone();

      watch.release.countDown();
      assertThat(holding.get(30, TimeUnit.SECONDS).audio("h").frameCount()).isEqualTo(8);
      try (PipelineStream stream = opening.get(30, TimeUnit.SECONDS)) {
        assertThat(watch.configured).hasValue(1);
        assertThat(watch.slotsWhilePlanned).as("the plan held an execution slot").hasValue(1);
        assertThat(runner.admission().active()).as("given back once planned").isZero();
        assertThat(runner.streams().active()).isEqualTo(1);

        stream.push(0, AudioBuffer.of(MONO, new float[8]));

        assertThat(watch.slotsWhileProcessed).as("a chunk takes no execution slot").hasValue(0);
      }
      assertThat(runner.streams().active()).isZero();
    }
  }

  @Test
  void openStream_interruptedWhileItWaitsForAnExecutionSlot_isCancelledAndGivesItsSlotBack()
      throws Exception {
    try (SlotWatch watch = new SlotWatch(/* maxQueued= */ 1)) {
      LocalPipelineRunner runner = watch.runner;
      watch.holdTheSlot();
      Future<PipelineStream> opening = watch.openBehindIt();

      opening.cancel(/* mayInterruptIfRunning= */ true);

      until("the open has left the queue", () -> runner.admission().waiting() == 0);
      until("its stream slot is back", () -> runner.streams().active() == 0);
      assertThat(watch.configured).as("nothing planned").hasValue(0);
      assertThat(runner.admission().active()).as("only the holding call").isEqualTo(1);
    }
  }

  /** Spins until {@code condition}, the runner's own state, holds; fails after 30 s. */
  private static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 30 s waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }

  private static PipelineManifest manifest(String graph) {
    return new ManifestParser().parse("version: v1\nmetadata: {name: work}\n" + graph);
  }

  /**
   * A runner with one execution slot and two test node types: {@code TestHold}, whose
   * processing holds its slot until {@link #release}, and {@code TestPlanned}, which records
   * the execution slots in use while it is configured and while it processes. Closing it
   * releases the hold and stops its threads.
   */
  private static final class SlotWatch implements AutoCloseable {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger configured = new AtomicInteger();
    final AtomicInteger slotsWhilePlanned = new AtomicInteger(-1);
    final AtomicInteger slotsWhileProcessed = new AtomicInteger(-1);
    final PipelineManifest planned = manifest("""
        nodes:
          - {id: p, node_type: TestPlanned}
        """);
    final LocalPipelineRunner runner;
    private final CountDownLatch holding = new CountDownLatch(1);
    private final PipelineManifest hold = manifest("""
        nodes:
          - {id: h, node_type: TestHold}
        """);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    SlotWatch(int maxQueued) {
      NodeRegistry registry = NodeRegistry.of(List.of(
          new PassThroughNodeFactory("TestHold", "Holds until released.", () -> {
            holding.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }),
          new PassThroughNodeFactory("TestPlanned", "Records the slots in use.", () -> {
            configured.incrementAndGet();
            slotsWhilePlanned.set(runner().admission().active());
          }, () -> slotsWhileProcessed.set(runner().admission().active()))));
      runner = LocalPipelineRunner.builder().registry(registry)
          .maxConcurrent(1).maxQueued(maxQueued).build();
    }

    // The nodes read the runner when they run, after the constructor has set it.
    private LocalPipelineRunner runner() {
      return runner;
    }

    /** Starts an execution that holds the one slot; returns once it holds it. */
    Future<ExecutionResult> holdTheSlot() throws InterruptedException {
      Future<ExecutionResult> execution = threads.submit(() -> runner.execute(
          ExecutionRequest.of(hold, "h", AudioBuffer.of(MONO, new float[8]))));
      assertThat(holding.await(30, TimeUnit.SECONDS)).as("the slot is held").isTrue();
      return execution;
    }

    /** Starts opening a {@link #planned} stream; returns once it waits for the slot. */
    Future<PipelineStream> openBehindIt() {
      Future<PipelineStream> opening = threads.submit(
          () -> runner.openStream(OpenStreamRequest.of(planned, MONO)));
      until("the open waits for an execution slot", () -> runner.admission().waiting() == 1);
      return opening;
    }

    @Override
    public void close() {
      release.countDown();
      threads.shutdownNow();
    }
  }
}
