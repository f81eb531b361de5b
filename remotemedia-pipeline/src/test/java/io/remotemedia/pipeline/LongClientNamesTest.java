package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ConnectionSpec;
import io.remotemedia.pipeline.manifest.ManifestMetadata;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Names a client chooses, megabytes long, in a manifest built without source text (as the
 * server builds one from protobuf): the errors about them cost about their length. The "did you
 * mean" hint compared two such names by edit distance (their lengths multiplied), and locating
 * an unknown parameter walked its dotted name up one separator at a time, copying it each time.
 * Each used to take hours; the timeouts only stop a hung test.
 */
class LongClientNamesTest {
  private static final int LENGTH = 1 << 20;
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void connectionFromAnUnknownLongId_isRefusedAtOnce() {
    // Ids are at most NodeSpec.MAX_ID_CHARS; a connection may still name any text.
    String id = "a".repeat(NodeSpec.MAX_ID_CHARS);
    String unknown = "b".repeat(LENGTH);
    PipelineManifest manifest = manifest(List.of(new NodeSpec(id, "Gain", Map.of())),
        List.of(new ConnectionSpec(unknown, id)));

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, id, AudioBuffer.of(MONO, new float[160]))))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .message().doesNotContain("did you mean");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void unknownParameterWithALongDottedName_isRefusedAtOnce() {
    String name = "a.".repeat(LENGTH / 2) + "a";
    PipelineManifest manifest = manifest(
        List.of(new NodeSpec("g", "Gain", Map.of(name, 1.0))), List.of());

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
        manifest, "g", AudioBuffer.of(MONO, new float[160]))))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .message().contains("unknown parameter");
  }

  private static PipelineManifest manifest(List<NodeSpec> nodes,
      List<ConnectionSpec> connections) {
    return new PipelineManifest(PipelineManifest.VERSION_V1,
        new ManifestMetadata("long-names", ""), nodes, connections);
  }
}
