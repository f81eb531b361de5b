package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A YAML line indented as no key or item around it is: past the keys of its object after a
 * complete value, or between the keys of an object and the '-' of the list that holds it.
 * snakeyaml said "expected &lt;block end&gt;, but found '&lt;block mapping start&gt;'"; it is
 * now refused as a line to indent, where it starts.
 */
class ManifestParserIndentationTest {
  private static final String NODE = "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n";

  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\n  connections: []\n~                  | 3 | 3",
      "~version: v1\nnodes:\n  - id: g\n   node_type: Gain\n~         | 4 | 4",
      "~" + NODE + " - id: h\n~                                       | 5 | 2",
      "~" + NODE + "   - id: h\n~                                     | 5 | 4",
      "~version: v1\nnodes: []\nmetadata: |\n  a\n name: x\n~          | 5 | 2"})
  void parse_lineIndentedAsNoKeyOrItemAroundIt_isRefusedWhereItStarts(String yaml, int line,
      int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): this line is indented"
            + " as no key or item around it is: indent it as the keys of its object, or the '-'"
            + " of its list, are");
  }
}
