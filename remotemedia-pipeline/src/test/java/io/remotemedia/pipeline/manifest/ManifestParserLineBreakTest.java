package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * snakeyaml reads YAML 1.1, in which U+0085 (next line), U+2028 (line separator) and U+2029
 * (paragraph separator) end a line, where editors, JSON and YAML 1.2 see an ordinary character:
 * every line snakeyaml gave after one was one more than an editor shows, a comment ended at one
 * and what followed it on the line was read as YAML, and a quoted string lost the spaces after
 * one. YAML text is refused at the first of them, where an editor shows it; JSON reads them in
 * strings, with the editor's lines and columns.
 */
class ManifestParserLineBreakTest {
  private final ManifestParser parser = new ManifestParser();

  /**
   * Each case: YAML text with {@code @} where the character goes (line 3, column 14 in every
   * case), and what snakeyaml made of it: the text read, or a problem placed a line too far.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // A comment that ends at the character: "nodes: []" after it was read as a key.
      "`version: v1\nmetadata:\n  name: x #ol@nodes: []\n`",
      "`version: v1\nmetadata:\n  name: \"abc @  d\"\nnodes: []\n`",
      "`version: v1\nmetadata:\n  name: 'abc @  d'\nnodes: []\n`",
      "`version: v1\nmetadata:\n  name: ab c @ e\nnodes: []\n`",
      "`version: v1\nmetadata:\n  name: [ab, @ c]\nnodes: [}\n`",
      "`version: v1\nnodes:\n  - {id: a,  @ node_type: Gain}\n`"})
  void parse_yaml11LineBreak_isRefusedWhereAnEditorShowsIt(String yaml) {
    for (char c : new char[] {'\u0085', '\u2028', '\u2029'}) {
      String name = c == '\u0085' ? "next line" : c == '\u2028' ? "line separator"
          : "paragraph separator";
      String expected = String.format("manifest (line 3, column 14): U+%04X (%s), which this"
          + " YAML reader takes for a line break, as YAML 1.1 does, and editors, JSON and YAML"
          + " 1.2 do not: remove it, or write it in double quotes as \\u%04X (JSON reads it as"
          + " it is in a string: name the file .json, or call parseJson)", (int) c, name,
          (int) c);
      String text = yaml.replace('@', c);

      assertThatThrownBy(() -> parser.parse(text))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.location()).hasValue(new ManifestLocation("", 3, 14));
          })
          .hasMessage(expected);
      assertThatThrownBy(() -> parser.parse(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
          .hasMessage(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
  void parse_problemBeforeAYaml11LineBreak_isPlacedWhereItIs(String lineBreak) {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [}\n# a" + lineBreak + "\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 2, 8)))
        .hasMessage("manifest (line 2, column 8): a list opened by '[' here is not closed: '}'"
            + " (at line 2, column 9) comes before ']'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
  void parse_yaml11LineBreakWrittenAsAnEscape_isRead(String lineBreak) {
    String escape = String.format("\\u%04X", (int) lineBreak.charAt(0));

    assertThat(parser.parse("version: v1\nmetadata: {name: \"a" + escape + "  b\"}\nnodes: []\n")
        .metadata().name()).isEqualTo("a" + lineBreak + "  b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
  void parseJson_yaml11LineBreakInAString_isReadAndLaterErrorsAreWhereAnEditorShowsThem(
      String lineBreak) {
    String json = "{\"version\": \"v1\", \"metadata\": {\"name\": \"a" + lineBreak + "  b\"},\n"
        + " \"nodes\": [}";

    assertThat(parser.parseJson(new StringReader(json.replace("[}", "[]}"))).metadata().name())
        .isEqualTo("a" + lineBreak + "  b");
    assertThatThrownBy(() -> parser.parseJson(new StringReader(json)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 2, 11)))
        .hasMessage("manifest (line 2, column 11): a list opened by '[' here is not closed: '}'"
            + " (at line 2, column 12) comes before ']'");
    assertThatThrownBy(() -> parser.parseJson(new StringReader("{" + lineBreak + "}")))
        .hasMessageStartingWith(String.format("manifest (line 1, column 2): not valid JSON:"
            + " expected a key in double quotes, found U+%04X", (int) lineBreak.charAt(0)));
  }
}
