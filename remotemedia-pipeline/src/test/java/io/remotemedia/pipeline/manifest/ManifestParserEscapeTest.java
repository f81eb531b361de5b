package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import java.io.StringReader;
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
      "~\"\\U1234567\"~ | 60 | ~expected 8 hex digits after \\U, found '\"'~"})
  void parse_escapeYamlDoesNotRead_isRefusedWhereItGoesWrong(String string, int column,
      String problem) {
    assertThatThrownBy(() -> parser.parse(HEAD + string + "}}\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 1, column)))
        .hasMessageStartingWith("manifest (line 1, column " + column + "): " + problem);
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
