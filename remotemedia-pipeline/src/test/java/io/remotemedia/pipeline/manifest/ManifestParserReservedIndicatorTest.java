package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key or value written without quotes that starts with '@' or '`', which YAML reserves, or
 * '%', which it keeps for directives. snakeyaml said "found character '@' that cannot start any
 * token. (Do not use @ for indentation)", about indentation that is not there; it is now refused
 * as a value to quote, at its first character.
 */
class ManifestParserReservedIndicatorTest {
  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes:\n  - id: g\n    node_type: @Gain\n~           | 4 | 16 | @ | which"
          + " YAML reserves",
      "~version: v1\nnodes:\n  - id: g\n    node_type: `Gain`\n~          | 4 | 16 | ` | which"
          + " YAML reserves",
      "~version: v1\nnodes: [{id: g, node_type: Gain, params: {x: @y}}]\n~ | 2 | 46 | @ | which"
          + " YAML reserves",
      "~version: v1\r\n@nodes: []\r\n~                                  | 2 | 1  | @ | which"
          + " YAML reserves",
      "~version: v1\nnodes:\n  - %g\n~                                    | 3 | 5  | % | which"
          + " YAML keeps for directives"})
  void parse_plainValueStartingWithAReservedCharacter_isRefusedAsOneToQuote(String yaml, int line,
      int column, String sign, String why) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): a key or value written"
            + " without quotes starts with '" + sign + "', " + why + "; put it in quotes, as \""
            + sign + "...\" or '" + sign + "...'");
  }

  /**
   * A line that starts with '%' is read as a directive, which ends the document before it: of a
   * key so written snakeyaml said "expected alphabetic or numeric character, but found :(58)"
   * after the '%', of a line that can be a directive it said "expected '&lt;document
   * start&gt;'" at the line after it, and a directive after the document, with no document
   * after it, it read without a word (the last five cases), also after the end marker '...'.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\n%x: 1\n~                               | 3",
      "~%nodes: []\nversion: v1\n~                                      | 1",
      "~version: v1\nnodes: []\n%x y\nz: 1\n~                         | 3",
      "~version: v1\nnodes: []\n%YAML 1.2\n~                           | 3",
      "~version: v1\nnodes: []\n%TAG ! tag:example.com,2000:~           | 3",
      "~{version: v1, nodes: []}\n\n# a comment\n%YAML 1.2\n~            | 4",
      "~version: v1\nnodes: []\n...\n# a comment\n%YAML 1.2\n~         | 5",
      "~version: v1\nnodes: []\n...\n%TAG ! tag:example.com,2000:\n~     | 4"})
  void parse_lineStartingWithPercent_isRefusedAsADirectiveWhereItStarts(String yaml, int line) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, 1)))
        .hasMessage("manifest (line " + line + ", column 1): a line that starts with '%' is read"
            + " as a YAML directive (such as %YAML 1.2), which comes only before a document's"
            + " '---': put a key or value that starts with '%' in quotes");
  }
}
