package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** YAML anchors and aliases that cannot be read: refused with what is wrong, and where. */
class ManifestParserAnchorTest {
  private final ManifestParser parser = new ManifestParser();

  @Test
  void parse_aliasOfNoAnchor_isRefusedAtTheAliasWithItsNameShortened() {
    String name = "x".repeat(5_000);

    assertThatThrownBy(() -> parser.parse("version: v1\nnodes:\n"
            + "  - {id: g, node_type: Gain, params: {gain_db: *" + name + "}}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 3, 48));
          assertThat(e.getMessage()).hasSizeLessThan(400);
        })
        .hasMessageStartingWith("manifest (line 3, column 48): the alias '*xxxxxxxxx")
        .hasMessageContaining("…(5001 characters)' names no anchor written before it");
  }

  @Test
  void parse_aliasOfAnAnchorWrittenAfterIt_isRefusedAtTheAlias() {
    assertThatThrownBy(() -> parser.parse("version: v1\nx: *a\ny: &a 1\nnodes: []\n"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("manifest (line 2, column 4): the alias '*a' names no anchor written before"
            + " it; an alias (*name) repeats the value anchored (&name) earlier in the document");
  }

  @Test
  void parse_anchorWithNoName_saysSoAtTheAmpersand() {
    assertThatThrownBy(() -> parser.parse("version: v1\nx: & a\nnodes: []\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 4)))
        .hasMessage("manifest (line 2, column 4): an anchor ('&') with no name: '&' is followed"
            + " by a space; write the name right after it (&name), or remove the '&'");
    assertThatThrownBy(() -> parser.parse("version: v1\nx: &\nnodes: []\n"))
        .hasMessageContaining("(line 2, column 4): an anchor ('&') with no name: '&' is"
            + " followed by the end of the line");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [&]\n"))
        .hasMessageContaining("(line 2, column 9): an anchor ('&') with no name: '&' is"
            + " followed by ']'");
  }

  @Test
  void parse_aliasWithNoName_saysSoAtTheAsterisk() {
    assertThatThrownBy(() -> parser.parse("version: v1\nx: * a\nnodes: []\n"))
        .hasMessageContaining("(line 2, column 4): an alias ('*') with no name: '*' is followed"
            + " by a space; write the name right after it (*name), or remove the '*'");
  }

  @Test
  void parse_anchorNameWithACharacterItCannotHold_isRefusedAtTheCharacter() {
    assertThatThrownBy(() -> parser.parse("version: v1\nx: &a.b 1\nnodes: []\n"))
        .hasMessage("manifest (line 2, column 6): the name of an anchor ('&') holds '.', which"
            + " this YAML reader does not take in a name (none of , [ ] { } / . * &); end the"
            + " name before it");
  }

  /**
   * A value takes one anchor: of a second one snakeyaml said "expected &lt;block end&gt;, but
   * found '&lt;anchor&gt;'" (or "expected ',' or ']', but got &lt;anchor&gt;" in brackets).
   */
  @Test
  void parse_twoAnchorsOnOneValue_isRefusedAtTheSecond() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\nmetadata: &a &b x\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 3, 14)))
        .hasMessage("manifest (line 3, column 14): a second anchor on the value anchored '&a'"
            + " (at line 3, column 11); a value takes one anchor: remove one of them");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [&n &m x]\n"))
        .hasMessage("manifest (line 2, column 12): a second anchor on the value anchored '&n'"
            + " (at line 2, column 9); a value takes one anchor: remove one of them");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes:\n  - &" + "n".repeat(5_000)
            + " &m x\n"))
        .hasMessage("manifest (line 3, column 5007): a second anchor on the value anchored '&"
            + "n".repeat(31) + "…(5001 characters)' (at line 3, column 5); a value takes one"
            + " anchor: remove one of them");
  }

  /**
   * On a key, snakeyaml also makes up an empty value for the key at the second '&' (and, in a
   * list in brackets, closes the one-pair object there) before it refuses the anchor.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~metadata: {&a &b x: 1}\n~       | 3 | 15 | 3 | 12",
      "~metadata: {? &a &b x : 1}\n~     | 3 | 17 | 3 | 14",
      "~metadata: [? &a &b x : 1]\n~     | 3 | 17 | 3 | 14",
      "~metadata: [&a &b x: 1]\n~       | 3 | 15 | 3 | 12",
      "~metadata:\n  ? &a &b x\n  : 1\n~ | 4 | 8  | 4 | 5"})
  void parse_twoAnchorsOnOneKey_isRefusedAtTheSecond(String yaml, int line, int column,
      int firstLine, int firstColumn) {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\n" + yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): a second anchor on"
            + " the value anchored '&a' (at line " + firstLine + ", column " + firstColumn
            + "); a value takes one anchor: remove one of them");
  }
}
