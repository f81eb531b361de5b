package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An escape in a double-quoted YAML string that YAML does not read, refused in the words the
 * JSON reader uses, at the same place. snakeyaml said "found unknown escape character q(113)" or
 * "expected escape sequence of 4 hexadecimal numbers, but found: 12\"".
 */
class ManifestParserEscapeTest {
  private static final String HEAD = "{\"version\": \"v1\", \"nodes\": [], \"metadata\": {\"x\": ";

  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~\"\\q\"~   | 52 | ~unknown escape \\q in a string; YAML's are~",
      "~\"\\\u00e9\"~ | 52 | ~unknown escape \\\u00e9 in a string; YAML's are~",
      "~\"\\\u200b\"~ | 52 | ~unknown escape \\ followed by U+200B in a string; YAML's are~",
      "~\"\\x4\"~  | 54 | ~expected 2 hex digits after \\x, found '\"'~",
      "~\"\\x4g\"~ | 54 | ~expected 2 hex digits after \\x, found 'g'~",
      "~\"\\u12\"~ | 55 | ~expected 4 hex digits after \\u, found '\"'~",
      "~\"\\uZZZZ\"~ | 53 | ~expected 4 hex digits after \\u, found 'Z'~",
      "~\"\\U1234567\"~ | 60 | ~expected 8 hex digits after \\U, found '\"'~",
      "~\"\\U00110000\"~ | 53 | ~\\U00110000 is past the last Unicode character, \\U0010FFFF~",
      "~\"\\U7fffffff\"~ | 53 | ~\\U7fffffff is past the last Unicode character, \\U0010FFFF~",
      "~\"\\Uffffffff\"~ | 53 | ~\\Uffffffff is past the last Unicode character, \\U0010FFFF~"})
  void parse_escapeYamlDoesNotRead_isRefusedWhereItGoesWrong(String string, int column,
      String problem) {
    assertThatThrownBy(() -> parser.parse(HEAD + string + "}}\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 1, column)))
        .hasMessageStartingWith("manifest (line 1, column " + column + "): " + problem);
  }

  /**
   * A hex escape that the document's end cuts off: snakeyaml read its digits as an empty number
   * and threw NumberFormatException (found by the fuzzer: {@code ["\U}).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~[\"\\U~ | 5 | 8 | U", "~[\"\\x~ | 5 | 2 | x",
      "~x: \"ab\\u~ | 9 | 4 | u"})
  void parse_hexEscapeCutOffByTheEnd_isRefusedAtTheEnd(String text, int column, int digits,
      String letter) {
    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 1, column)))
        .hasMessage("manifest (line 1, column " + column + "): expected " + digits
            + " hex digits after \\" + letter + ", found the end of the document");
  }

  /** The same past the first window snakeyaml's reader holds (found by the fuzzer too). */
  @Test
  void parse_hexEscapeCutOffAfterALongLine_isRefusedAtTheEnd() {
    String text = "x: \"" + "a".repeat(2_000) + "\\u";
    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOf(PipelineException.class)
        .hasMessage("manifest (line 1, column 2007): expected 4 hex digits after \\u, found the"
            + " end of the document");
  }

  /** The JSON reader says the same of the escapes both refuse, but for what each reads. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~\"\\q\"~", "~\"\\u12\"~", "~\"\\uZZZZ\"~"})
  void parse_escapeNeitherReads_isRefusedInTheSameWordsAsByTheJsonReader(String string) {
    String text = HEAD + string + "}}\n";
    PipelineException json = catchParse(() -> parser.parseJson(new StringReader(text)));
    PipelineException yaml = catchParse(() -> parser.parse(text));

    assertThat(yaml.location()).isEqualTo(json.location());
    assertThat(yaml.getMessage().replace("YAML's are", "JSON's are"))
        .startsWith(json.getMessage().replace("not valid JSON: ", "")
            .replaceFirst("JSON's are .*", "JSON's are"));
  }

  private static PipelineException catchParse(Runnable parse) {
    try {
      parse.run();
    } catch (PipelineException e) {
      return e;
    }
    throw new AssertionError("parsed");
  }
}
