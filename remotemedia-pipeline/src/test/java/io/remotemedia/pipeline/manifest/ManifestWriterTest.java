package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Text and numbers that did not come back: JSON wrote negative zero as 0, and characters that
   * YAML refuses in text (U+007F to U+009F, U+FFFE, U+FFFF) raw, so parse, which reads YAML,
   * refused them; YAML wrote them as a !!binary tag, and U+0085 raw in a block, read back as a
   * line break.
   */
  @ParameterizedTest
  @ValueSource(strings = {"a\u0085b", "a\u2028b", "a\u2029b", "a\u007Fb", "a\u0080b",
      "a\u009Fb", "a\uFFFEb", "a\uFFFFb", "a\u0000b", "a\u001Bb", "\uFEFFa", "a\r\nb",
      " a ", "é 音 😀"})
  void toJsonAndToYaml_textAndNumbersOfEveryKind_parseBackToAnEqualManifest(String text) {
    PipelineManifest manifest = new PipelineManifest("v1", new ManifestMetadata(text, text),
        List.of(new NodeSpec(text, "Custom", Map.of(text, text, "negative_zero", -0.0,
            "large", 1e300, "smallest", Double.MIN_VALUE, "whole", 1e15))),
        List.of());
    String json = ManifestWriter.toJson(manifest);
    String yaml = ManifestWriter.toYaml(manifest);

    assertThat(parser.parse(json)).isEqualTo(manifest);
    assertThat(parser.parseJson(new StringReader(json))).isEqualTo(manifest);
    assertThat(parser.parse(yaml)).isEqualTo(manifest);
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
