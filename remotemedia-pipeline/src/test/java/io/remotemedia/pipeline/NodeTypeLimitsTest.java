package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTypeLimitsTest {
  private static final AudioFormat MONO = AudioFormat.f32(48000, 1);

  @Test
  void memoryCap_ofAType_refusesItsNodeBeforeAudioFlows() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder()
        .nodeLimits("AudioResample", new NodeTypeLimits(0, 1000))
        .build();
    PipelineManifest manifest = ManifestBuilder.named("r")
        .chain(NodeSpecs.gain("g", 0), NodeSpecs.resample("rs", 16000))
        .build();

    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(manifest, "g",
            AudioBuffer.of(MONO, new float[100]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.nodeId()).contains("rs");
          assertThat(e.limit()).hasValueSatisfying(limit -> {
            assertThat(limit.limit()).isEqualTo("node_max_memory_bytes");
            assertThat(limit.limitValue()).isEqualTo(1000);
            assertThat(limit.actualValue()).isGreaterThan(1000);
          });
        });
    // Other node types are not affected.
    assertThat(runner.execute(ExecutionRequest.of(ManifestBuilder.named("g")
        .node(NodeSpecs.gain("g", 0)).build(), "g", AudioBuffer.of(MONO, new float[100])))
        .audio("g").frameCount()).isEqualTo(100);
  }

  @Test
  void timeBudget_ofAType_stopsItsSlowNodeNamingIt() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder()
        .registry(NodeRegistry.of(List.of(
            NodeRegistry.standard().find("Gain").orElseThrow(), slowNodeFactory())))
        .nodeLimits("Slow", new NodeTypeLimits(20, 0))
        .build();
    PipelineManifest manifest = ManifestBuilder.named("slow")
        .chain(NodeSpecs.gain("g", 0), NodeSpec.of("slow", "Slow"))
        .build();

    // 10 chunks of 8192 frames, each taking at least 5 ms in the slow node: over 20 ms.
    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(manifest, "g",
            AudioBuffer.of(MONO, new float[10 * 8192]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
          assertThat(e.nodeId()).contains("slow");
          assertThat(e.getMessage()).contains("over its type's limit of 20 ms (node_timeout_ms)");
        });
  }

  /** A node type whose every call takes at least 5 ms. */
  private static NodeFactory slowNodeFactory() {
    return new PassThroughNodeFactory("Slow", "Copies its input, slowly.", () -> {
      long until = System.nanoTime() + 5_000_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    });
  }
}
