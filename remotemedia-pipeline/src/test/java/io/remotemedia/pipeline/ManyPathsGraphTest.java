package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A graph whose paths double at every diamond (a fan-out to two Gains, joined again by a Mix):
 * 80 diamonds are 241 nodes, within the default 256, and 2^80 paths from the source to the
 * sink. Planning, the estimates and the run must visit each node a bounded number of times,
 * not once per path: the frame estimates used to recurse over every path, so one such request
 * held its thread for ever, deadline or not. The timeout only stops a hung test.
 */
class ManyPathsGraphTest {
  private static final int DIAMONDS = 80;
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);
  private static final PipelineManifest MANY_PATHS = diamonds(DIAMONDS);
  private static final String SINK = "m" + (DIAMONDS - 1);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void execute_andExplain_finish() {
    LocalPipelineRunner runner = LocalPipelineRunner.create();

    ExecutionResult result = runner.execute(
        ExecutionRequest.of(MANY_PATHS, "s", AudioBuffer.of(MONO, new float[160])));
    Explanation explanation = runner.explain(ExplainRequest.of(MANY_PATHS, "s", MONO, 160));

    assertThat(result.audio(SINK).frameCount()).isEqualTo(160);
    assertThat(explanation.nodes()).hasSize(1 + 3 * DIAMONDS);
    assertThat(explanation.admitted()).isTrue();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void tryExecute_withABound_finishes() {
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    ExecutionRequest request =
        ExecutionRequest.of(MANY_PATHS, "s", AudioBuffer.of(MONO, new float[160]));

    assertThat(runner.tryExecute(request, 1000)).as("241 nodes x 160 samples").isEmpty();
    assertThat(runner.tryExecute(request, 1_000_000)).isPresent();
  }

  private static PipelineManifest diamonds(int count) {
    StringBuilder nodes = new StringBuilder("nodes:\n  - {id: s, node_type: Gain}\n");
    StringBuilder edges = new StringBuilder("connections:\n");
    String previous = "s";
    for (int i = 0; i < count; i++) {
      nodes.append("  - {id: a").append(i).append(", node_type: Gain}\n")
          .append("  - {id: b").append(i).append(", node_type: Gain}\n")
          .append("  - {id: m").append(i).append(", node_type: Mix}\n");
      edges.append("  - {from: ").append(previous).append(", to: a").append(i).append("}\n")
          .append("  - {from: ").append(previous).append(", to: b").append(i).append("}\n")
          .append("  - {from: a").append(i).append(", to: m").append(i).append("}\n")
          .append("  - {from: b").append(i).append(", to: m").append(i).append("}\n");
      previous = "m" + i;
    }
    return new ManifestParser().parse("version: v1\nmetadata: {name: many-paths}\n"
        + nodes + edges);
  }
}
