package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A manifest file named {@code .json} is held to JSON: what YAML accepts and JSON does not is an
 * error that says "not valid JSON", what went wrong and where, and valid JSON that YAML refuses
 * is read. Text without a name stays YAML.
 */
class ManifestParserJsonTest {
  /** Valid JSON but not valid YAML 1.1: tab indentation and the \/ escape. */
  private static final String TABS_AND_SLASH = "{\n"
      + "\t\"version\": \"v1\",\n"
      + "\t\"metadata\": {\"name\": \"in\\/out\", \"description\": \"caf\\u00e9\"},\n"
      + "\t\"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\", \"params\": {\"gain_db\": -6}}]\n"
      + "}\n";

  /** YAML reads this, JSON refuses the trailing comma at line 3, column 46. */
  private static final String TRAILING_COMMA = """
      {
        "version": "v1",
        "nodes": [{"id": "g", "node_type": "Gain"}],
      }
      """;

  @TempDir Path dir;
  private final ManifestParser parser = new ManifestParser();

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void parse_jsonFileWithTabsAndEscapedSlash_readsIt() throws IOException {
    PipelineManifest manifest = parser.parse(file("pipeline.json", TABS_AND_SLASH));

    assertThat(manifest.metadata()).isEqualTo(new ManifestMetadata("in/out", "café"));
    assertThat(manifest.nodes()).singleElement().satisfies(node -> {
      assertThat(node.id()).isEqualTo("g");
      assertThat(node.params()).containsEntry("gain_db", -6.0);
    });
  }

  @Test
  void parse_jsonFileWithTrailingComma_saysJsonAllowsNoneAndWhere() throws IOException {
    Path json = file("pipeline.json", TRAILING_COMMA);

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 3, 46));
        })
        .hasMessage("manifest (line 3, column 46): not valid JSON: a comma before '}': JSON"
            + " allows no trailing comma");
  }

  @Test
  void parse_sameTextAsYamlFileOrText_readsItAsYaml() throws IOException {
    PipelineManifest fromYamlFile = parser.parse(file("pipeline.yaml", TRAILING_COMMA));

    assertThat(fromYamlFile.nodes()).singleElement()
        .satisfies(node -> assertThat(node.id()).isEqualTo("g"));
    assertThat(parser.parse(TRAILING_COMMA)).isEqualTo(fromYamlFile);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"version\": \"v1\", nodes: []}"
          + "|1|19|expected a key in double quotes, found 'n'",
      "{\"version\": v1, \"nodes\": []}"
          + "|1|13|expected a value, found 'v1': JSON strings are in double quotes",
      "{\"version\": 'v1', \"nodes\": []}"
          + "|1|13|found \"'\": JSON strings are in double quotes",
      "{\"version\": \"v1\", // the nodes\\n \"nodes\": []}"
          + "|1|19|found '/': JSON has no comments",
      "{\"version\": \"v1\" \"nodes\": []}"
          + "|1|18|expected ',' or '}', found '\"' (a missing comma?)",
      "{\"version\": \"v1\", \"nodes\": [], \"x\": 012}"
          + "|1|37|expected a value, found '012': not a JSON number",
      "{\"version\": \"v1\", \"nodes\": [1,]}"
          + "|1|30|a comma before ']': JSON allows no trailing comma",
      "{\"version\": \"v1\", \"nodes\": [], \"x\": NaN}"
          + "|1|37|expected a value, found 'NaN': JSON has no NaN or Infinity",
      "{\"version\": \"v1\", \"nodes\": [], \"x\": -Infinity}"
          + "|1|37|expected a value, found '-Infinity': JSON has no NaN or Infinity",
      "{\"version\": \"v\\q1\", \"nodes\": []}"
          + "|1|16|unknown escape \\q in a string; JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t"
          + " and \\uXXXX",
  })
  void parse_malformedJsonFile_saysNotValidJsonWhatAndWhere(String text, int line, int column,
      String problem) throws IOException {
    Path json = file("pipeline.json", text.replace("\\n", "\n"));

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", line, column));
        })
        .hasMessage("manifest (line " + line + ", column " + column + "): not valid JSON: "
            + problem);
  }

  /**
   * A list or object not closed, and text after the manifest's value, are refused in the words
   * and at the place the YAML reader uses: a list or object at its opening bracket.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"version\": \"v1\", \"nodes\": []"
          + "|1|1|an object opened by '{' here is not closed: the text ends (at line 1, column"
          + " 30) before '}'",
      "{\"version\": \"v1\",\\n \"nodes\": [{\"id\": \"g\"}}"
          + "|2|11|a list opened by '[' here is not closed: '}' (at line 2, column 23) comes"
          + " before ']'",
      "{\"version\": \"v1\", \"nodes\": [}"
          + "|1|28|a list opened by '[' here is not closed: '}' (at line 1, column 29) comes"
          + " before ']'",
      "{\"version\": \"v1\", \"nodes\": [], \"metadata\": {\"name\": ]}"
          + "|1|44|an object opened by '{' here is not closed: ']' (at line 1, column 53) comes"
          + " before '}'",
      "{\"version\": \"v1\", \"nodes\": []}\\n{}"
          + "|2|1|text after the end of the manifest's value, which ends before it; a manifest"
          + " is one value, an object: remove this text, or move it inside the object",
  })
  void parse_jsonFileNotClosedOrWithTextAfter_isRefusedAsYamlRefusesIt(String text, int line,
      int column, String problem) throws IOException {
    Path json = file("pipeline.json", text.replace("\\n", "\n"));
    String expected = "manifest (line " + line + ", column " + column + "): " + problem;

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage(expected);
    assertThatThrownBy(() -> parser.parse(text.replace("\\n", "\n"))).hasMessage(expected);
  }

  /**
   * A character that looks like white space, or shows nothing, is named by its code point: an
   * editor's no-break space printed as {@code found ' '} read as if a space were refused.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // A no-break space before a key, pasted from a web page.
      "{\\u00a0\"version\": \"v1\", \"nodes\": []}|1|2|expected a key in double quotes,"
          + " found U+00A0, which is not white space in JSON",
      // A second byte order mark: only the first character of the file may be one, and that
      // one takes no column.
      "\\ufeff\\ufeff{\"version\": \"v1\", \"nodes\": []}|1|1|expected a value, found"
          + " U+FEFF, which is not white space in JSON",
      // A zero-width space after a value.
      "{\"version\": \"v1\"\\u200b, \"nodes\": []}|1|17|expected ',' or '}', found U+200B,"
          + " which is not white space in JSON",
      // A character outside the Basic Multilingual Plane is shown whole, not half of its pair.
      "{\\ud83d\\ude00: 1}|1|2|expected a key in double quotes, found '\\ud83d\\ude00'",
  })
  void parse_invisibleOrWideCharacterInJsonFile_isNamedSoTheUserCanSeeIt(String text, int line,
      int column, String problem) throws IOException {
    Path json = file("pipeline.json", unescape(text));

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): not valid JSON: "
            + unescape(problem));
  }

  /** Turns the test's {@code \\uXXXX} into the character, so the source shows what it is. */
  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("\\u", i)) {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        out.append(text.charAt(i));
      }
    }
    return out.toString();
  }

  /**
   * Columns count characters (code points), as the YAML reader counts them and as the size limit
   * does, and a byte order mark is not one: the same text as a {@code .json} and a {@code .yaml}
   * file gives the same line and column.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "pipeline.yaml"})
  void parse_afterByteOrderMarkAndEmoji_columnsCountCharactersAsYamlDoes(String name)
      throws IOException {
    String body = "{\"version\": \"v1\", \"metadata\": {\"name\": \"\ud83d\ude00\ud83c\udfb5\"},"
        + " \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\", \"params\": {\"gain_db\": -6}}]}";
    int column = body.codePointCount(0, body.indexOf("-6")) + 1;

    PipelineManifest manifest = parser.parse(file(name, "\ufeff" + body));

    assertThat(manifest.locate("nodes[0].params.gain_db"))
        .isEqualTo(new ManifestLocation("nodes[0].params.gain_db", 1, column));
  }

  /**
   * A number too long to be typed as one is refused as a number with its length, not read as a
   * string (which the node then refused as "expected a number, found a string").
   */
  @Test
  void parse_jsonFileWithOverlongNumber_refusesItAsANumberWithItsLength() throws IOException {
    String before = "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\","
        + " \"params\": {\"gain_db\": ";
    Path json = file("pipeline.json", before + "1".repeat(1025) + "}}]}");

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("", 1, before.length() + 1));
          assertThat(e.limit()).hasValue(new LimitViolation("max_number_chars", 1024, 1025));
        })
        .hasMessage("manifest (line 1, column " + (before.length() + 1) + "): a number of 1025"
            + " characters; numbers are read up to 1024");
  }

  @Test
  void parse_jsonFileWithNumberAtTheLengthLimit_readsIt() throws IOException {
    Path json = file("pipeline.json", "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\","
        + " \"node_type\": \"Gain\", \"params\": {\"gain_db\": -0." + "0".repeat(1020) + "6}}]}");

    assertThat(parser.parse(json).nodes().get(0).params()).containsEntry("gain_db", -0.0);
  }

  /**
   * A manifest saved as Latin-1 (or Windows-1252) by an editor: the error says where the first
   * byte that is not UTF-8 is, as JSON and as YAML, and reading it through a stream does too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "pipeline.yaml"})
  void parse_fileSavedAsLatin1_saysWhereTheFirstByteThatIsNotUtf8Is(String name)
      throws IOException {
    String line3 = "  \"metadata\": {\"name\": \"caf";
    String text = "{\r\n  \"version\": \"v1\",\r\n" + line3 + "\u00e9\"},\r\n  \"nodes\": []\r\n"
        + "}\r\n";
    byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(dir.resolve(name), latin1);
    int byteOffset = text.indexOf('\u00e9');
    String expected = "manifest (line 3, column " + (line3.length() + 1) + "): not UTF-8 text:"
        + " byte 0xE9, at byte " + byteOffset + ", starts no UTF-8 character; save the manifest"
        + " as UTF-8 (is it Latin-1 or Windows-1252 text, or a binary file such as audio?)";

    assertThatThrownBy(() -> parser.parse(file))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 3, line3.length() + 1)))
        .hasMessage(expected);
    assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(latin1)))
        .hasMessage(expected);
  }

  /**
   * A manifest saved as "Unicode" by a Windows editor is UTF-16LE with a byte order mark: it was
   * refused as a bad byte 0xFF that might be Latin-1, and UTF-32BE as a control character. The
   * error names the encoding its byte order mark tells.
   */
  @ParameterizedTest
  @CsvSource({"UTF-16LE, pipeline.json", "UTF-16BE, pipeline.yaml", "UTF-32LE, pipeline.yaml",
      "UTF-32BE, pipeline.json"})
  void parse_fileWithTheByteOrderMarkOfUtf16Or32_namesItsEncoding(String encoding, String name)
      throws IOException {
    byte[] bytes = ("\uFEFF" + TABS_AND_SLASH).getBytes(Charset.forName(encoding));
    Path file = Files.write(dir.resolve(name), bytes);
    String expected = "manifest (line 1, column 1): not UTF-8 text: it is " + encoding + ", by"
        + " the byte order mark it starts with; save the manifest as UTF-8";

    assertThatThrownBy(() -> parser.parse(file))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 1, 1)))
        .hasMessage(expected);
    assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(bytes)))
        .hasMessage(expected);
  }

  /** A stray control character outside a string is refused with its line and column too. */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "pipeline.yaml"})
  void parse_strayControlCharacter_saysItsLineAndColumn(String name) throws IOException {
    Path file = file(name, "{\"version\": \"v1\",\r\n  \u0001\"nodes\": []}");

    assertThatThrownBy(() -> parser.parse(file))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 2, 3)))
        .hasMessage("manifest (line 2, column 3): not JSON or YAML text: control character"
            + " U+0001 at character 21 (is this a binary file, such as audio?)");
  }

  /**
   * An escaped half of a surrogate pair is no character: written out as UTF-8 (a saved manifest,
   * a call's request) it turned into '?', so the manifest changed on its way. JSON and YAML
   * refuse it where the string starts.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pipeline.json", "pipeline.yaml"})
  void parse_loneSurrogateEscape_isRefusedWhereTheStringStarts(String name) throws IOException {
    String before = "{\"version\": \"v1\", \"nodes\": [{\"id\": ";
    Path file = file(name, before + "\"g\\ud800\", \"node_type\": \"Gain\"}]}");

    assertThatThrownBy(() -> parser.parse(file))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.location())
            .hasValue(new ManifestLocation("nodes[0].id", 1, before.length() + 1)))
        .hasMessage("nodes[0].id (line 1, column " + (before.length() + 1) + "): the text"
            + " holds U+D800, half of a surrogate pair without the other half, which is no"
            + " character and cannot be written as UTF-8; write a character past U+FFFF as"
            + " both halves, such as \\uD83D\\uDE00");
  }

  @Test
  void parse_jsonFileWithDuplicateKey_namesTheKeyAndWhere() throws IOException {
    Path json = file("pipeline.json", "{\"version\": \"v1\", \"version\": \"v1\", \"nodes\": []}");

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(PipelineException.class)
        .hasMessage("version (line 1, column 19): duplicate key \"version\"");
  }

  @Test
  void parse_emptyJsonFile_saysTheDocumentIsEmpty() throws IOException {
    Path json = file("pipeline.JSON", " \n");

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(PipelineException.class)
        .hasMessage("manifest: the document is empty; expected a manifest object");
  }

  @Test
  void parse_jsonFileNestedPastTheLimit_namesTheLimit() throws IOException {
    Path json = file("pipeline.json", "[".repeat(ManifestParser.MAX_NESTING_DEPTH + 1));

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(PipelineException.class)
        .hasMessage("manifest (line 1, column " + (ManifestParser.MAX_NESTING_DEPTH + 1)
            + "): lists and objects nest more than 32 levels deep");
  }

  @Test
  void parse_jsonFileWithRawControlCharacterInAString_asksForAnEscape() throws IOException {
    Path json = file("pipeline.json", "{\"version\": \"v\t1\", \"nodes\": []}");

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(PipelineException.class)
        .hasMessage("manifest (line 1, column 15): not valid JSON: control character U+0009"
            + " in a string: JSON needs it escaped, such as \\n or \\u0009");
  }
}
