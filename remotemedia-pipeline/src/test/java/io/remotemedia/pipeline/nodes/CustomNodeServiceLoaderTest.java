package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomNodeServiceLoaderTest {

  @Test
  void standard_findsTheCustomFactoryOnTheClassPath() {
    NodeRegistry registry = NodeRegistry.standard();

    assertThat(registry.find("ExampleInvert")).hasValueSatisfying(factory ->
        assertThat(factory.getClass().getName())
            .isEqualTo("com.example.customnode.InvertNodeFactory"));
    assertThat(registry.find("Gain")).isPresent();
  }

  @Test
  void execute_manifestUsingTheCustomNode_runsIt() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1", "nodes": [
          {"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}},
          {"id": "flip", "node_type": "ExampleInvert", "params": {"mix": 1}}],
         "connections": [{"from": "gain", "to": "flip"}]}
        """);

    AudioBuffer out = LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest, "gain",
        AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.25f, -0.5f}))).audio("flip");

    assertThat(out.samples()).containsExactly(-0.25f, 0.5f);
  }

  @Test
  void customParameters_areCheckedLikeBuiltInOnes() {
    PipelineManifest manifest = new ManifestParser().parse(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"flip\", \"node_type\": \"ExampleInvert\","
            + " \"params\": {\"mix\": 2}}]}");

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(manifest,
            "flip", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[1]))))
        .hasMessage("nodes[0].params.mix (line 1, column 92): value 2 is out of range;"
            + " allowed: [0, 1]")
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.nodeId()).contains("flip"));
  }

  @Test
  void of_twoFactoriesClaimingOneType_isRejected() {
    assertThatThrownBy(() -> NodeRegistry.of(List.of(new GainNodeFactory(),
            new GainNodeFactory())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node type \"Gain\" is registered twice");
  }
}
