package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

/**
 * YAML text where a manifest's one document has ended or not yet started, and an end or start
 * marker ({@code ...}, {@code ---}) where a value is expected. snakeyaml said of each "expected
 * '&lt;document start&gt;', but found '&lt;scalar&gt;'" or "expected the node content, but found
 * '&lt;document end&gt;'"; each is now refused as what it is, where it is.
 */
class ManifestParserDocumentBoundsTest {
  private static final String MANIFEST = "version: v1\nnodes: []\n";

  private final ManifestParser parser = new ManifestParser();

  @Test
  void parse_textAfterTheEndMarker_isRefusedWhereItStartsNamingTheMarker() {
    assertThatThrownBy(() -> parser.parse(MANIFEST + "...\nconnections: []\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 4, 1)))
        .hasMessage("manifest (line 4, column 1): text after the document end marker '...' (at"
            + " line 3, column 1); a manifest is one document, which '...' ends: remove the text"
            + " after it, or the '...'");
    assertThatThrownBy(() -> parser.parse(MANIFEST + "... connections\n"))
        .hasMessageStartingWith("manifest (line 3, column 5): text after the document end"
            + " marker '...' (at line 3, column 1)");
    assertThat(parser.parse(MANIFEST + "...\n# a comment after the end is no text\n").nodes())
        .isEmpty();
  }

  @Test
  void parse_textAfterTheValueOfADocumentInBrackets_isRefusedWhereItStarts() {
    assertThatThrownBy(() -> parser.parse("{\"version\": \"v1\", \"nodes\": []}\n{\"x\": 1}\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 1)))
        .hasMessage("manifest (line 2, column 1): text after the end of the manifest's value,"
            + " which ends before it; a manifest is one value, an object: remove this text, or"
            + " move it inside the object");
  }

  @Test
  void parse_directiveWithoutDocumentStart_isRefusedWhereTheDocumentStarts() {
    assertThatThrownBy(() -> parser.parse("%YAML 1.2\n" + MANIFEST))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 2, 1)))
        .hasMessage("manifest (line 2, column 1): a YAML directive (a line that starts with"
            + " '%') is not followed by '---' before the document; write '---' on a line before"
            + " this one, or remove the directive");
    assertThat(parser.parse("%YAML 1.2\n---\n" + MANIFEST).nodes()).isEmpty();
  }

  @Test
  void parse_endMarkerWhereAValueIsExpected_isRefusedWhereItIs() {
    String problem = "'...' at the start of a line ends a YAML document, and here it comes"
        + " where a value is expected: remove it (put a value that starts with '...' in quotes)";
    assertThatThrownBy(() -> parser.parse("...\n" + MANIFEST))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 1, 1)))
        .hasMessage("manifest (line 1, column 1): " + problem);
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [a,\n...\n"))
        .hasMessage("manifest (line 3, column 1): " + problem);
  }

  @Test
  void parse_startMarkerWhereAValueIsExpected_isRefusedWhereItIs() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [a,\n---\n]\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 3, 1)))
        .hasMessage("manifest (line 3, column 1): '---' at the start of a line starts a YAML"
            + " document, and here it comes where a value is expected: remove it (put a value"
            + " that starts with '---' in quotes)");
  }
}
