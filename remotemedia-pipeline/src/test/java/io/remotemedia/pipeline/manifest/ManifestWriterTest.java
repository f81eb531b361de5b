package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestWriterTest {
  private final ManifestParser parser = new ManifestParser();

  private static final PipelineManifest MANIFEST = new PipelineManifest("v1",
      new ManifestMetadata("tricky \"name\"", "line one\nline two\ttab"),
      List.of(
          new NodeSpec("a", "Gain", Map.of("gain_db", -6.5)),
          new NodeSpec("b", "ChannelMap", Map.of("mode", "map", "map", List.of(1.0, 0.0))),
          new NodeSpec("c", "Custom", Map.of("nested", Map.of("flag", true, "none",
              java.util.Collections.singletonMap("x", null)), "unicode", "é ü 音"))),
      List.of(new ConnectionSpec("a", "b"), new ConnectionSpec("b", "c")));

  @Test
  void toJson_parsesBackToAnEqualManifest() {
    assertThat(parser.parse(ManifestWriter.toJson(MANIFEST))).isEqualTo(MANIFEST);
  }

  @Test
  void toYaml_parsesBackToAnEqualManifest() {
    assertThat(parser.parse(ManifestWriter.toYaml(MANIFEST))).isEqualTo(MANIFEST);
  }

  @Test
  void toJson_writesTheDocumentedShape() {
    String json = ManifestWriter.toJson(new PipelineManifest("v1", ManifestMetadata.EMPTY,
        List.of(new NodeSpec("g", "Gain", Map.of("gain_db", 3.0))), List.of()));

    assertThat(json).isEqualTo("""
        {
          "version": "v1",
          "metadata": {
            "name": "",
            "description": ""
          },
          "nodes": [
            {
              "id": "g",
              "node_type": "Gain",
              "params": {
                "gain_db": 3
              }
            }
          ],
          "connections": []
        }
        """);
  }

  @Test
  void builder_chainEqualsTheParsedManifestAndRoundTrips() {
    PipelineManifest built = ManifestBuilder.named("voice")
        .description("speech front end")
        .chain(NodeSpecs.resample("resample", 16000, ResampleQuality.VERY_HIGH),
            NodeSpecs.downmixToMono("mono"),
            NodeSpecs.gain("gain", -3))
        .build();

    PipelineManifest parsed = parser.parse("""
        version: v1
        metadata: {name: voice, description: speech front end}
        nodes:
          - {id: resample, node_type: AudioResample,
             params: {target_sample_rate: 16000, quality: very_high}}
          - {id: mono, node_type: ChannelMap, params: {mode: downmix_average}}
          - {id: gain, node_type: Gain, params: {gain_db: -3}}
        connections:
          - {from: resample, to: mono}
          - {from: mono, to: gain}
        """);

    assertThat(built).isEqualTo(parsed);
    assertThat(parser.parse(ManifestWriter.toJson(built))).isEqualTo(built);
  }
}
