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
import org.junit.jupiter.api.Test;

/**
 * A local stream whose node throws something other than a PipelineException (a bug) is over,
 * as a remote stream is once its server ends the call with INTERNAL: the exception reaches the
 * push that ran into it, and every later push or finish throws INTERNAL, running nothing.
 */
class StreamAfterNodeBugTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);
  private static final PipelineManifest BUGGY = new ManifestParser().parse("""
      version: v1
      nodes:
        - {id: bug, node_type: TestBug}
      """);

  private final AtomicInteger calls = new AtomicInteger();
  private final LocalPipelineRunner runner = LocalPipelineRunner.builder()
      .registry(withBugNode())
      .build();

  private NodeRegistry withBugNode() {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    factories.add(new PassThroughNodeFactory("TestBug",
        "Throws a NullPointerException on its second process call.", () -> {
          if (calls.incrementAndGet() == 2) {
            throw new NullPointerException("the test node's bug");
          }
        }));
    return NodeRegistry.of(factories);
  }

  private static AudioBuffer chunk() {
    return AudioBuffer.of(MONO, new float[160]);
  }

  @Test
  void push_afterANodeThrewABug_throwsInternalAndRunsNothing() {
    try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(BUGGY, MONO))) {
      stream.push(0, chunk());
      assertThatThrownBy(() -> stream.push(1, chunk()))
          .isInstanceOf(NullPointerException.class).hasMessage("the test node's bug");

      assertThatThrownBy(() -> stream.push(2, chunk()))
          .isInstanceOfSatisfying(PipelineException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
          .hasMessage("stream " + stream.sessionId() + " failed at chunk 1: a node threw an"
              + " unexpected exception (thrown to that call); the stream is over");
      assertThatThrownBy(stream::finish).isInstanceOf(PipelineException.class)
          .hasMessageContaining("failed at chunk 1");
      assertThat(calls).as("nothing ran after the bug").hasValue(2);
    }
    assertThat(runner.streams().active()).as("the stream's slot is given back").isZero();
  }
}
