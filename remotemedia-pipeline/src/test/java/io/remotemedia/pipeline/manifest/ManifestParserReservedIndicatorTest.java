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
}
