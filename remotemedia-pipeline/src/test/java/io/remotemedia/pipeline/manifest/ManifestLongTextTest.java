package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.io.StringReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text a client wrote is quoted in an error only in part: a key, a node type or a parameter name
 * of 100,000 characters gives a short message that still says where it is and how it starts, in
 * YAML and in JSON, whether the parser or the compiler refuses it.
 */
class ManifestLongTextTest {
  /** Far more than any error needs, and far less than the text. */
  private static final int MAX_MESSAGE_CHARS = 600;

  private static final String START = "start_of_the_text_";

  private static final String LONG = START + "x".repeat(100_000 - START.length());

  private static final ManifestParser PARSER = new ManifestParser();

  /**
   * Each case: its name, YAML text, the same as JSON, and where each is refused. A parameter's
   * path is too long to be recorded, so its error is placed at the object of parameters.
   */
  static Stream<Arguments> longText() {
    return Stream.of(
        Arguments.of("unknown key",
            "version: v1\nnodes: []\n? " + LONG + "\n: 1\n",
            "{\"version\": \"v1\",\n\"nodes\": [],\n\"" + LONG + "\": 1}", "3:3", "3:1"),
        Arguments.of("duplicate key",
            "version: v1\nnodes: []\nmetadata:\n  ? " + LONG + "\n  : 1\n  ? " + LONG
                + "\n  : 2\n",
            "{\"version\": \"v1\", \"nodes\": [], \"metadata\": {\n\"" + LONG + "\": 1,\n\""
                + LONG + "\": 2}}", "6:5", "3:1"),
        Arguments.of("node type",
            "version: v1\nnodes:\n  - id: n\n    node_type: " + LONG + "\n",
            "{\"version\": \"v1\", \"nodes\": [{\"id\": \"n\",\n\"node_type\":\n\"" + LONG
                + "\"}]}", "4:16", "3:1"),
        Arguments.of("parameter name",
            "version: v1\nnodes:\n  - id: n\n    node_type: Gain\n    params:\n      ? "
                + LONG + "\n      : 1\n",
            "{\"version\": \"v1\", \"nodes\": [{\"id\": \"n\", \"node_type\": \"Gain\","
                + "\n\"params\": {\n\"" + LONG + "\": 1}}]}", "6:7", "2:11"),
        Arguments.of("node id",
            "version: v1\nnodes:\n  - id: " + LONG + "\n    node_type: Gain\n",
            "{\"version\": \"v1\", \"nodes\": [{\"id\":\n\"" + LONG
                + "\", \"node_type\": \"Gain\"}]}",
            "3:9", "2:1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longText")
  void parseAndCompile_longYamlText_isQuotedInPartWhereItIs(String name, String yaml,
      String json, String yamlPlace, String jsonPlace) {
    assertShortAndPlaced(() -> PipelineGraph.compile(PARSER.parse(yaml), NodeRegistry.standard()),
        yamlPlace);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longText")
  void parseAndCompile_longJsonText_isQuotedInPartWhereItIs(String name, String yaml,
      String json, String yamlPlace, String jsonPlace) {
    assertShortAndPlaced(() -> PipelineGraph.compile(
        PARSER.parseJson(new StringReader(json)), NodeRegistry.standard()), jsonPlace);
  }

  /**
   * A path is shown in parts split at '.', each shortened, and the rest past the eighth part as
   * one: a key full of dots is shortened all the same.
   */
  @Test
  void parse_keyFullOfDots_isQuotedInPart() {
    String dots = "a.".repeat(50_000);
    assertThatThrownBy(() -> PARSER.parse("version: v1\nnodes: []\n? " + dots + "\n: 1\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.getMessage())
            .hasSizeLessThan(MAX_MESSAGE_CHARS)
            .isEqualTo("a.".repeat(7 + 16) + "…(99986 characters) (line 3, column 3): unknown"
                + " field \"" + "a.".repeat(16) + "…(100000 characters)\"; allowed: [connections,"
                + " metadata, nodes, version]"));
  }

  /** Checks the error of {@code parseAndCompile}, placed at {@code place} ("line:column"). */
  private static void assertShortAndPlaced(Runnable parseAndCompile, String place) {
    int line = Integer.parseInt(place.substring(0, place.indexOf(':')));
    int column = Integer.parseInt(place.substring(place.indexOf(':') + 1));
    assertThatThrownBy(parseAndCompile::run)
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.getMessage()).hasSizeLessThan(MAX_MESSAGE_CHARS)
              .contains("(line " + line + ", column " + column + ")")
              .contains("\"" + LONG.substring(0, 32) + "…(100000 characters)\"");
          assertThat(e.location()).hasValueSatisfying(location -> assertThat(location)
              .extracting(ManifestLocation::line, ManifestLocation::column)
              .containsExactly(line, column));
        });
  }
}
