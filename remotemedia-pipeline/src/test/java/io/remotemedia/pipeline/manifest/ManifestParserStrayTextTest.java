package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * YAML text that belongs to no value: a closing bracket where no list or object in brackets is
 * open, and text after a value that ended before it on its line. snakeyaml said "expected the
 * node content, but found ']'" or "expected &lt;block end&gt;, but found '&lt;scalar&gt;'"; each
 * is now refused as what it is, where it is.
 */
class ManifestParserStrayTextTest {
  private static final String HEAD = "version: v1\nnodes: []\n";

  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~metadata: ]\n~        | 11 | ']' here closes no list",
      "~metadata: [a]]\n~     | 14 | ']' here closes no list",
      "~}\n~                  | 1  | '}' here closes no object"})
  void parse_closingBracketWithNothingOpen_isRefusedWhereItIs(String yaml, int column,
      String problem) {
    assertThatThrownBy(() -> parser.parse(HEAD + yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 3, column)))
        .hasMessage("manifest (line 3, column " + column + "): " + problem + ": none in"
            + " brackets is open; remove it");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~metadata: \"a\" b\n~          | 15",
      "~metadata: {} b\n~          | 14",
      "~connections:\n  - 'a'b\n~  | 8"})
  void parse_textAfterAValueOnItsLine_isRefusedWhereItStarts(String yaml, int column) {
    int line = yaml.startsWith("connections") ? 4 : 3;
    assertThatThrownBy(() -> parser.parse(HEAD + yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): text after the value"
            + " that ends before it on this line (a value in quotes or brackets ends at its"
            + " closing quote or bracket): remove the text, or put the whole value in quotes");
  }

  /** A YAML block (list, object, or {@code |} scalar) ends where the next line's token starts. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes:\n  - id: g\n   node_type: Gain\n~ | 4 | 4",
      "~version: v1\nnodes: []\nmetadata: |\n  a\n b: 1\n~    | 5 | 2"})
  void parse_lineIndentedLessThanTheBlockBeforeIt_isNotTextAfterAValue(String yaml, int line,
      int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .message().doesNotContain("text after the value");
  }

  /** YAML gives an alias no properties of its own: it repeats the anchored value as it is. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~metadata: &a *b\n~              | 14 | '&a'",
      "~metadata: [&long_name *x]\n~    | 23 | '&long_name'",
      "~metadata: {k: &a *a}\n~         | 18 | '&a'",
      "~metadata: {&a *b: 1}\n~         | 15 | '&a'"})
  void parse_anchorOnAnAlias_isRefusedAtTheAlias(String yaml, int column, String anchor) {
    assertThatThrownBy(() -> parser.parse(HEAD + yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 3, column)))
        .hasMessage("manifest (line 3, column " + column + "): an alias cannot have an anchor ("
            + anchor + " before it): an alias (*name) repeats the value anchored (&name) as it"
            + " is; remove the anchor, or anchor the value where it is written");
  }

  /**
   * snakeyaml makes up an empty value for the key before it finds the alias (and, in a list in
   * brackets, closes the one-pair object).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~metadata:\n  ? &a *b\n  : 1\n~ | 4 | 8",
      "~metadata:\n  ? &a\n    *b\n~   | 5 | 5",
      "~metadata: [? &a *b : 1]\n~   | 3 | 17",
      "~metadata: [&a *b: 1]\n~      | 3 | 15"})
  void parse_anchorOnAnAliasAsABlockKey_isRefusedAtTheAlias(String yaml, int line, int column) {
    assertThatThrownBy(() -> parser.parse(HEAD + yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessageStartingWith("manifest (line " + line + ", column " + column + "): an alias"
            + " cannot have an anchor ('&a' before it)");
  }

  @Test
  void parse_anchorOnAnAlias_quotesALongAnchorCut() {
    String anchor = "a".repeat(500);
    assertThatThrownBy(() -> parser.parse(HEAD + "metadata: &" + anchor + " *b\n"))
        .isInstanceOf(PipelineException.class)
        .message().contains("an alias cannot have an anchor").hasSizeLessThan(400);
  }
}
