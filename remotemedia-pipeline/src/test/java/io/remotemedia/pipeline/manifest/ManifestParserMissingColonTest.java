package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A line of a YAML object or list that is neither {@code key: value} nor {@code - item}: a key
 * without its ':', or with no space after it. snakeyaml said "could not find expected ':'" at the
 * start of the next line, or where the text ends; it is now refused at the line to fix. And a
 * ':' where no key can start, of which it said "mapping values are not allowed here".
 */
class ManifestParserMissingColonTest {
  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\nmetadata: {}\nconnections\n~         | 4 | 1",
      "~version: v1\nnodes: []\nconnections\n~                       | 3 | 1",
      "~version: v1\nnodes: []\nmetadata:x\nconnections: []\n~       | 3 | 1",
      "~version: v1\nnodes:\n  - id: g\n    node_type Gain\n~       | 4 | 5",
      "~version: v1\nnodes:\n  - {id: g, node_type: Gain}\n  b\n~     | 4 | 3"})
  void parse_lineWithoutKeyOrItem_isRefusedWhereItStarts(String yaml, int line, int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): this line is neither"
            + " 'key: value' nor '- item', and is not indented past the line before it to"
            + " continue that line's value: write the key's ':' with a space after it ('a:b' is"
            + " text, not a key)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\nmetadata: a: b\n~                     | 3 | 12",
      "~version: v1\n nodes: []\n~                                    | 2 | 7",
      "~version: v1\nnodes:\n  - id: g\n     node_type: Gain\n~       | 4 | 15",
      "~version: v1\nnodes: []\nmetadata: \"a\": b\n~                 | 3 | 14"})
  void parse_colonWhereNoKeyCanStart_isRefusedAtIt(String yaml, int line, int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): a ': ' where no key"
            + " can start: a key starts a line of its own, indented as the keys around it, and a"
            + " value that holds ': ' is put in quotes");
  }
}
