package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

/**
 * A quoted string, list or object that YAML text ends inside, or that the other bracket closes
 * ({@code [ ... }}): refused at the quote or bracket left open, which is what to fix, saying
 * where the text ends or the other bracket is, rather than only there.
 */
class ManifestParserUnclosedTest {
  private final ManifestParser parser = new ManifestParser();

  @Test
  void parse_stringNotClosed_isRefusedAtItsOpeningQuote() {
    assertThatThrownBy(() -> parser.parse("version: \"v1\nnodes: []\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 1, 10)))
        .hasMessage("manifest (line 1, column 10): a string opened by '\"' here is not closed:"
            + " the text ends (at line 3, column 1) before its closing quote");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\nx: 'a\n"))
        .hasMessage("manifest (line 3, column 4): a string opened by \"'\" here is not closed:"
            + " the text ends (at line 4, column 1) before its closing quote");
  }

  @Test
  void parse_listOrObjectNotClosed_isRefusedAtItsOpeningBracket() {
    assertThatThrownBy(() -> parser.parse("{\"version\": \"v1\",\n \"nodes\": [\n"
            + "  {\"id\": \"g\", \"node_type\": \"Gain\"}\n"))
        .hasMessage("manifest (line 2, column 11): a list opened by '[' here is not closed:"
            + " the text ends (at line 4, column 1) before ']'");
    assertThatThrownBy(() -> parser.parse("{\"version\": \"v1\", \"nodes\": []\n"))
        .hasMessage("manifest (line 1, column 1): an object opened by '{' here is not closed:"
            + " the text ends (at line 2, column 1) before '}'");
  }

  @Test
  void parse_listOrObjectClosedByTheOtherBracket_isRefusedAtItsOpeningBracket() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [\n"
            + "  {id: g, node_type: Gain}\n}\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 8)))
        .hasMessage("manifest (line 2, column 8): a list opened by '[' here is not closed: '}'"
            + " (at line 4, column 1) comes before ']'");
    assertThatThrownBy(() -> parser.parse("{\"version\": \"v1\", \"nodes\": []]\n"))
        .hasMessage("manifest (line 1, column 1): an object opened by '{' here is not closed:"
            + " ']' (at line 1, column 30) comes before '}'");
  }

  @Test
  void parse_otherBracketWhereAValueIsExpected_isRefusedAtTheOpeningBracket() {
    String head = "version: v1\nnodes: []\nmetadata: ";
    assertThatThrownBy(() -> parser.parse(head + "[}\n"))
        .hasMessage("manifest (line 3, column 11): a list opened by '[' here is not closed:"
            + " '}' (at line 3, column 12) comes before ']'");
    assertThatThrownBy(() -> parser.parse(head + "{a: ]\n"))
        .hasMessage("manifest (line 3, column 11): an object opened by '{' here is not closed:"
            + " ']' (at line 3, column 15) comes before '}'");
    assertThatThrownBy(() -> parser.parse(head + "[a: }\n"))
        .hasMessage("manifest (line 3, column 11): a list opened by '[' here is not closed:"
            + " '}' (at line 3, column 15) comes before ']'");
  }

  /**
   * A list or object in brackets not closed on its line, whose next lines are read into it: of
   * the next key's ':' snakeyaml said "expected ',' or ']', but got :".
   */
  @Test
  void parse_listOrObjectRunningIntoTheNextLines_isRefusedAtItsOpeningBracket() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [a, b\nmetadata: x\n"
            + "connections: []\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 8)))
        .hasMessage("manifest (line 2, column 8): a list opened by '[' here is not closed: a"
            + " key's ':' (at line 3, column 9) comes before ']'");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\nmetadata:\n"
            + "  name: {a: 1\n  description: x\n"))
        .hasMessage("manifest (line 4, column 9): an object opened by '{' here is not closed: a"
            + " key's ':' (at line 5, column 14) comes before '}'");
    // Closed on the line of the ':': a comma left out, not a bracket.
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [a\nb: c]\n"))
        .message().doesNotContain("is not closed");
  }

  /**
   * A quoted string not closed before a line that starts with '---' or '...', which YAML reads
   * as a document's start or end even there: snakeyaml said "found unexpected document
   * separator".
   */
  @Test
  void parse_stringNotClosedBeforeADocumentMarker_isRefusedAtItsOpeningQuote() {
    assertThatThrownBy(() -> parser.parse("version: v1\nmetadata: {name: \"a\n---\nb: 1\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 18)))
        .hasMessage("manifest (line 2, column 18): a string opened by '\"' here is not closed:"
            + " '---' at the start of a line (at line 3, column 1), which starts a YAML document,"
            + " comes before its closing quote");
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\nmetadata: 'a\n...\n"))
        .hasMessage("manifest (line 3, column 11): a string opened by \"'\" here is not closed:"
            + " '...' at the start of a line (at line 4, column 1), which ends a YAML document,"
            + " comes before its closing quote");
  }
}
