package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Manifest text handed over as a {@link Reader}: the characters it gives that YAML does not
 * allow, and its failure to decode its input, are placed by line and column where the text
 * tells where.
 */
class ManifestParserReaderTest {
  private final ManifestParser parser = new ManifestParser();

  /** Line 3 is "  - id: g" and then the character: column 10, the 30th code point (index 29). */
  private static final String BEFORE = "version: v1\r\nnodes:\n  - id: g";
  private static final String AFTER = "x\n    node_type: Gain\n";

  static Stream<Arguments> charactersYamlRefuses() {
    String pair = " half of a surrogate pair without the other half, which is no character";
    return Stream.of(
        Arguments.of("\uD800", "U+D800 at character 29," + pair),
        Arguments.of("\uDC00", "U+DC00 at character 29," + pair),
        Arguments.of("\uD800\uD800\uDC00", "U+D800 at character 29," + pair),
        Arguments.of("\uFFFF", "U+FFFF at character 29, which is no character"),
        Arguments.of("\uFFFE", "U+FFFE at character 29, which is no character"),
        Arguments.of("\u0080", "control character U+0080 at character 29 (is this a binary"
            + " file, such as audio?)"),
        Arguments.of("\u007F", "control character U+007F at character 29 (is this a binary"
            + " file, such as audio?)"));
  }

  @ParameterizedTest
  @MethodSource("charactersYamlRefuses")
  void parse_readerWithACharacterYamlRefuses_saysWhichAndItsLineAndColumn(String character,
      String named) {
    assertRefusedAtLine3Column10(new StringReader(BEFORE + character + AFTER), named);
    // One character a read: an emoji's halves, read one at a time, are one character. The
    // first line has 13 code points, as BEFORE's has.
    String emojiLine = "# \uD83D\uDE00 emoji!!\r\n";
    assertRefusedAtLine3Column10(new OneCharacterReads(new StringReader(
        emojiLine + BEFORE.substring("version: v1\r\n".length()) + character + AFTER)), named);
  }

  private void assertRefusedAtLine3Column10(Reader reader, String named) {
    assertThatThrownBy(() -> parser.parse(reader))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 3, 10));
        })
        .hasMessage("manifest (line 3, column 10): not JSON or YAML text: " + named);
  }

  @Test
  void parse_readerWithHalfAPairAtTheEnd_saysItsLineAndColumn() {
    assertThatThrownBy(() -> parser.parse(new StringReader("version: v1\nnodes: []\n#\uD83D")))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 3, 2)))
        .hasMessageStartingWith("manifest (line 3, column 2): not JSON or YAML text: U+D83D");
  }

  @Test
  void parseJson_controlCharacterAfterOneJsonAllowsInAString_isPlacedWhereItIs() {
    // JSON allows U+007F and U+0080 in a string, which YAML refuses anywhere.
    String json = "{\"version\": \"v1\u007F\u0080\",\n \u0001\"nodes\": []}";

    assertThatThrownBy(() -> parser.parseJson(new StringReader(json)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 2, 2)))
        .hasMessage("manifest (line 2, column 2): not JSON or YAML text: control character"
            + " U+0001 at character 21 (is this a binary file, such as audio?)");
  }

  @Test
  void parse_readerThatCannotDecodeItsInput_isPlacedWhereItsTextStops() {
    String text = "version: v1\nnodes:\n  - id: g\n";
    Reader failing = new FilterReader(new StringReader(text)) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
          throw new MalformedInputException(1);
        }
        return n;
      }
    };

    assertThatThrownBy(() -> parser.parse(failing))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 4, 1));
        })
        .hasMessage("manifest (line 4, column 1): the reader cannot decode the text from here"
            + " or further on (MalformedInputException: Input length = 1); a manifest is UTF-8"
            + " text, and parse(Path) or parse(InputStream) names the line, column and byte of"
            + " the first byte that is not UTF-8 (is this a binary file, such as audio?)");
  }

  @Test
  void parseJson_decodingReaderOverLatin1_isPlacedAtOrBeforeTheFirstBadByte() {
    // 3,000 lines of 12 characters, then "café" in Latin-1 on line 3,002: the JDK's decoder
    // refuses the é and drops what it had decoded of its buffer, so the place is a bound.
    String text = "{\"nodes\": [\n" + "          1,\n".repeat(3_000) + "1],\n\"version\":"
        + " \"caf\u00e9\"}";
    Reader decoding = new InputStreamReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.UTF_8.newDecoder());

    assertThatThrownBy(() -> parser.parseJson(decoding))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValueSatisfying(location ->
                assertThat(location.line()).isBetween(2, 3_003)))
        .hasMessageContaining("the reader cannot decode the text from here or further on");
  }

  /**
   * A decoding reader drops what it decoded in the read that fails: the JDK's InputStreamReader
   * all that the parser asked of it at once, which was 1,023 characters for YAML and 8,192 for
   * JSON (hundreds of lines). The parser asks for 64 at most, so where the text stops is within
   * 63 characters before the bad byte.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void parse_decodingReaderThatBuffersNothing_isPlacedWithin63CharactersBeforeTheBadByte(
      boolean json) {
    String text = json
        ? "{\"nodes\": [\n" + "          1,\n".repeat(3_000) + "1],\n\"version\": \"caf\u00e9\"}"
        : "nodes:\n" + "  - 1\n".repeat(3_000) + "version: caf\u00e9\n";
    Reader decoding = new InputStreamReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.UTF_8.newDecoder());
    int bad = text.indexOf('\u00e9');

    assertThatThrownBy(() -> {
      if (json) {
        parser.parseJson(decoding);
      } else {
        parser.parse(decoding);
      }
    })
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValueSatisfying(location ->
                assertThat(indexOf(text, location)).isBetween(bad - 63, bad)))
        .hasMessageContaining("the reader cannot decode the text from here or further on");
  }

  /** {@return the index in {@code text}, of one character a code point, of a location in it} */
  private static int indexOf(String text, ManifestLocation location) {
    int lineStart = 0;
    for (int line = 1; line < location.line(); line++) {
      lineStart = text.indexOf('\n', lineStart) + 1;
    }
    return lineStart + location.column() - 1;
  }

  @Test
  void parse_readerThatCannotDecodeItsFirstCharacters_hasNoPlace() {
    Reader decoding = new InputStreamReader(
        new ByteArrayInputStream("\u00e9: v1".getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.UTF_8.newDecoder());

    assertThatThrownBy(() -> parser.parse(decoding))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(ManifestLocation.ofPath("")))
        .hasMessageStartingWith("manifest: the reader cannot decode the text"
            + " (MalformedInputException: Input length = 1)");
  }

  @Test
  void parse_readerThatFailsToRead_throwsUncheckedIOExceptionSayingWhere() {
    IOException reset = new IOException("connection reset");
    Reader failing = new FilterReader(new StringReader("version: v1\n")) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
          throw reset;
        }
        return n;
      }
    };

    assertThatThrownBy(() -> parser.parse(failing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("manifest (line 2, column 1): the manifest cannot be read further:"
            + " connection reset")
        .hasCause(reset);
  }

  @Test
  void parse_pathOfAFolder_throwsIOException(@TempDir Path folder) {
    assertThatThrownBy(() -> parser.parse(folder))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UncheckedIOException.class);
  }

  /** Gives one character a read, as a slow source may. */
  private static final class OneCharacterReads extends FilterReader {
    OneCharacterReads(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      return super.read(buffer, offset, Math.min(length, 1));
    }
  }
}
