package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.StringReader;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A YAML key written without '?' is read only up to 1024 characters from its start to its ':'.
 * snakeyaml said of a longer one "could not find expected ':'", "mapping values are not allowed
 * here" or "expected ',' or '}', but got :", at the ':'; it is now refused as a key too long, at
 * its start, with the limit and its length.
 */
class ManifestParserYamlKeyTest {
  private static final String PARAMS_HEAD =
      "version: v1\nnodes:\n  - id: a\n    node_type: Gain\n    params:\n";
  private static final String KEY = "k".repeat(2_000);

  private final ManifestParser parser = new ManifestParser();

  /** Each case: the text, the line and column where the key starts, and its length to ':'. */
  static Stream<Arguments> keysTooLong() {
    String flowHead = "version: v1\nnodes: [{id: a, node_type: Gain, params: {a: 1, ";
    return Stream.of(
        Arguments.of("version: v1\nnodes: []\n" + "k".repeat(1_025) + ": 1\n", 3, 1, 1_025),
        Arguments.of("version: v1\nnodes: []\n" + "k".repeat(1_023) + "  : 1\n", 3, 1, 1_025),
        Arguments.of(PARAMS_HEAD + "      a: 1\n      \"" + KEY + "\": 1\n", 7, 7, 2_002),
        Arguments.of(KEY + ": 1\n", 1, 1, 2_000),
        Arguments.of(PARAMS_HEAD + "      " + KEY + ": 1\n", 6, 7, 2_000),
        Arguments.of(PARAMS_HEAD + "      - " + KEY + ": 1\n", 6, 9, 2_000),
        Arguments.of(flowHead + KEY + ": 1}}]\n", 2, flowHead.length() - 11, 2_000),
        Arguments.of(flowHead + "\"" + KEY + "\": 1}}]\n", 2, flowHead.length() - 11, 2_002),
        Arguments.of(PARAMS_HEAD + "      x: [" + KEY + ": 1]\n", 6, 11, 2_000));
  }

  @ParameterizedTest
  @MethodSource("keysTooLong")
  void parse_yamlKeyTooLong_isRefusedAtItsStartWithTheLimitAndItsLength(String yaml, int line,
      int column, int length) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", line, column));
          assertThat(e.limit()).hasValue(new LimitViolation("max_yaml_key_chars", 1024, length));
        })
        .hasMessage("manifest (line " + line + ", column " + column + "): a key of " + length
            + " characters, counted from its start to its ':', more than the 1024 that YAML"
            + " reads in a key; write a longer one after '? ' (an explicit key, with ': value'"
            + " on the next line), or hold the manifest to JSON, which has no such limit (name"
            + " the file .json, or call parseJson)");
  }

  @Test
  void parse_yamlKeyAtTheLimit_isRead() {
    String key = "k".repeat(1_022);

    assertThat(parser.parse(PARAMS_HEAD + "      " + key + "  : 1\n").nodes().get(0).params())
        .isEqualTo(Map.of(key, 1.0));
  }

  @Test
  void parse_longKeyAsAnExplicitYamlKeyOrAsJson_isRead() {
    assertThat(parser.parse(PARAMS_HEAD + "      ? " + KEY + "\n      : 1\n").nodes().get(0)
        .params()).isEqualTo(Map.of(KEY, 1.0));
    assertThat(parser.parseJson(new StringReader("{\"version\": \"v1\", \"nodes\": [{\"id\":"
        + " \"a\", \"node_type\": \"Gain\", \"params\": {\"" + KEY + "\": 1}}]}")).nodes().get(0)
        .params()).isEqualTo(Map.of(KEY, 1.0));
  }

  @Test
  void parse_longLineWithoutAColon_isNotCalledAKeyTooLong() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\n" + KEY + "\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.limit()).isEmpty())
        .hasMessageStartingWith("manifest (line 3, column 1): this line is neither 'key:"
            + " value' nor '- item'");
  }
}
