package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * A byte order mark (U+FEFF) past the first character: YAML allows it nowhere, and it does not
 * show, so a value or key that holds one looks like the one it is not.
 */
class ManifestParserByteOrderMarkTest {
  private static final String REFUSED = "U+FEFF (a byte order mark), which does not show,"
      + " inside the text: YAML allows one only as the first character; remove it, or write it"
      + " in double quotes as \\uFEFF (JSON reads it as it is in a string: name the file .json,"
      + " or call parseJson)";

  private final ManifestParser parser = new ManifestParser();

  @Test
  void parse_byteOrderMarkInAPlainValue_isRefusedWhereItIs() {
    assertThatThrownBy(() -> parser.parse(
            "version: v1\nnodes:\n  - id: g\n    node_type: Ga\uFEFFin\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 4, 18)))
        .hasMessage("manifest (line 4, column 18): " + REFUSED);
  }

  @Test
  void parse_byteOrderMarkInAKeyAQuotedValueOrAComment_isRefusedWhereItIs() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes:\n  - id\uFEFF: g\n"))
        .hasMessage("manifest (line 3, column 7): " + REFUSED);
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [{id: \"\uFEFFg\"}]\n"))
        .hasMessage("manifest (line 2, column 15): " + REFUSED);
    assertThatThrownBy(() -> parser.parse("version: v1 # \uFEFF\nnodes: []\n"))
        .hasMessage("manifest (line 1, column 15): " + REFUSED);
  }

  @Test
  void parse_byteOrderMarkFirstOrEscaped_isRead() {
    PipelineManifest manifest = parser.parse(
        "\uFEFFversion: v1\nnodes:\n  - {id: \"g\\uFEFF\", node_type: Gain}\n");

    assertThat(manifest.nodes().get(0).id()).isEqualTo("g\uFEFF");
  }

  @Test
  void parseJson_byteOrderMarkInAString_isReadAsJsonReadsIt() {
    PipelineManifest manifest = parser.parseJson(new StringReader(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\uFEFF\", \"node_type\": \"Gain\"}]}"));

    assertThat(manifest.nodes().get(0).id()).isEqualTo("g\uFEFF");
  }
}
