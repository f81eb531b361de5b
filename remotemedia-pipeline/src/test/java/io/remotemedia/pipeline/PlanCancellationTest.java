package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call cancelled while its pipeline is planned (a plan of many nodes can take seconds, in
 * filter designs) stops before the next node: a server interrupts the worker of a call its
 * client cancelled or whose deadline passed.
 */
class PlanCancellationTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);
  private static final PipelineManifest THREE = new ManifestParser().parse("""
      version: v1
      metadata: {name: three}
      nodes:
        - {id: first, node_type: TestCancelWhilePlanned}
        - {id: second, node_type: TestCancelWhilePlanned}
        - {id: third, node_type: TestCancelWhilePlanned}
      connections:
        - {from: first, to: second}
        - {from: second, to: third}
      """);

  private final AtomicInteger configured = new AtomicInteger();
  private final LocalPipelineRunner runner = LocalPipelineRunner.builder()
      .registry(registry())
      .build();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void execute_cancelledWhileTheFirstNodeIsPlanned_plansNoOther() {
    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(THREE, "first",
            AudioBuffer.of(MONO, new float[160]))))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
          assertThat(e.nodeId()).contains("second");
          assertThat(e.getMessage()).isEqualTo(
              "cancelled while the pipeline was planned, before node \"second\"");
        });
    assertThat(configured).hasValue(1);
    assertThat(runner.memory().usedBytes()).isZero();
    assertThat(runner.admission().active()).isZero();
  }

  @Test
  void explain_cancelledWhileTheFirstNodeIsPlanned_plansNoOther() {
    assertThatThrownBy(() -> runner.explain(ExplainRequest.of(THREE, "first", MONO, 160)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(configured).hasValue(1);
    assertThat(runner.memory().usedBytes()).isZero();
  }

  private NodeRegistry registry() {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    // Its configure counts itself and then interrupts the thread, as a cancel would.
    factories.add(new PassThroughNodeFactory("TestCancelWhilePlanned",
        "Interrupts the planning thread when configured.", () -> {
          configured.incrementAndGet();
          Thread.currentThread().interrupt();
        }, () -> { }));
    return NodeRegistry.of(factories);
  }
}
