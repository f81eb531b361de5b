package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
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
}
