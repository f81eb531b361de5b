package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentBranchesTest {
  private static final AudioFormat FORMAT = AudioFormat.f32(16000, 1);
  // Two sources, each with its own chain: two components that share no node.
  private static final PipelineManifest TWO_CHAINS = ManifestBuilder.named("two")
      .chain(NodeSpecs.gain("left", -3), NodeSpecs.resample("left-8k", 8000))
      .chain(NodeSpecs.gain("right", 2),
          NodeSpecs.biquad("right-lp", FilterType.LOWPASS, 2000, 0.7071))
      .build();

  private static AudioBuffer noise(int frames, long seed) {
    Random random = new Random(seed);
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.1);
    }
    return AudioBuffer.of(FORMAT, samples);
  }

  private static ExecutionResult run(Executor branches, int frames) {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().branchExecutor(branches).build();
    return runner.execute(new ExecutionRequest(TWO_CHAINS,
        Map.of("left", noise(frames, 1), "right", noise(frames, 2)), ExecutionLimits.UNSET));
  }

  @Test
  void execute_independentChainsWithEnoughAudio_runConcurrentlyWithTheSameOutput() {
    AtomicInteger offloaded = new AtomicInteger();
    Executor counting = task -> {
      offloaded.incrementAndGet();
      new Thread(task, "test-branch").start();
    };

    ExecutionResult concurrent = run(counting, 3 * 16000);
    ExecutionResult sequential = run(null, 3 * 16000);

    assertThat(offloaded).hasValue(1);
    assertThat(concurrent.audio("left-8k").samples())
        .containsExactly(sequential.audio("left-8k").samples());
    assertThat(concurrent.audio("right-lp").samples())
        .containsExactly(sequential.audio("right-lp").samples());
    // The other thread's CPU time is counted too.
    assertThat(concurrent.metrics().cpuMs()).isPositive();
  }

  @Test
  void execute_shortInputs_stayOnTheCallingThread() {
    AtomicInteger offloaded = new AtomicInteger();

    run(task -> {
      offloaded.incrementAndGet();
      task.run();
    }, 1000);

    assertThat(offloaded).hasValue(0);
  }

  @Test
  void execute_aNodeBugOnTheCallersBranch_waitsForTheOtherBranchBeforeItReturns()
      throws Exception {
    CountDownLatch holdInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    NodeRegistry registry = NodeRegistry.of(List.of(
        new PassThroughNodeFactory("TestBug", "Throws what no node should.", () -> {
          await(holdInside);
          throw new UnsupportedOperationException("a node's bug");
        }),
        new PassThroughNodeFactory("TestHold", "Waits for the test while it processes.", () -> {
          holding.set(true);
          holdInside.countDown();
          await(release);
          holding.set(false);
        })));
    LocalPipelineRunner runner = LocalPipelineRunner.builder().registry(registry)
        .branchExecutor(task -> new Thread(task, "test-branch").start()).build();
    // "bug" comes first: its component runs on the calling thread, "hold" on the branch's.
    PipelineManifest bugAndHold = new ManifestParser().parse("""
        version: v1
        metadata: {name: bug-and-hold}
        nodes:
          - {id: bug, node_type: TestBug}
          - {id: hold, node_type: TestHold}
        """);
    Thread caller = Thread.currentThread();
    // Releases the branch once the caller waits for it (as it must, after the bug): a caller
    // that returns without waiting finds the branch still inside its node.
    Thread releaser = new Thread(() -> {
      await(holdInside);
      while (caller.getState() != Thread.State.WAITING && release.getCount() > 0) {
        Thread.onSpinWait();
      }
      release.countDown();
    }, "test-releaser");
    releaser.start();
    try {
      assertThatThrownBy(() -> runner.execute(new ExecutionRequest(bugAndHold,
              Map.of("bug", noise(16000, 1), "hold", noise(16000, 2)), ExecutionLimits.UNSET)))
          .isInstanceOf(UnsupportedOperationException.class).hasMessage("a node's bug");

      assertThat(holding).as("the other branch is still inside its node").isFalse();
      assertThat(runner.memory().usedBytes()).isZero();
      assertThat(runner.admission().active()).isZero();
    } finally {
      release.countDown();
      releaser.join();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
