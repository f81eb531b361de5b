package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

/**
 * A quoted string, list or object that YAML text ends inside: refused at the quote or bracket
 * left open, which is what to fix, rather than only at the end of the text.
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
}
