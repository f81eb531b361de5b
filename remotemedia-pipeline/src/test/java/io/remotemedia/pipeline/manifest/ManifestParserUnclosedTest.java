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
}
