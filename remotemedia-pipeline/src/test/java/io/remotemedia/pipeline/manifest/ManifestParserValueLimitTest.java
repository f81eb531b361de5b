package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.StringReader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A manifest of more than {@link ManifestParser#MAX_VALUES} values is refused at the value past
 * the limit, as it is read: a megabyte of {@code 0,} is half a million values, and composing
 * them all before counting took hundreds of megabytes of heap.
 */
class ManifestParserValueLimitTest {
  /**
   * The root object, "version", "v1", "nodes", the list, the node, "id", "g", "node_type",
   * "Gain", "params", the params object, "x" and its list: 14 values before the zeros.
   */
  private static final String HEAD =
      "{\"version\":\"v1\",\"nodes\":[{\"id\":\"g\",\"node_type\":\"Gain\",\"params\":{\"x\":[";
  private static final int VALUES_BEFORE_ZEROS = 14;

  private final ManifestParser parser = new ManifestParser();

  private static String zeros(int count) {
    return HEAD + "0" + ",0".repeat(count - 1) + "]}}]}";
  }

  @Test
  void parseJson_oneValuePastTheLimit_isRefusedThereWithTheLimit() {
    assertRefusedAtTheValuePastTheLimit(text -> parser.parseJson(new StringReader(text)));
  }

  @Test
  void parse_yamlOneValuePastTheLimit_isRefusedThereWithTheLimit() {
    assertRefusedAtTheValuePastTheLimit(parser::parse);
  }

  private static void assertRefusedAtTheValuePastTheLimit(
      Function<String, PipelineManifest> parse) {
    int zeros = ManifestParser.MAX_VALUES - VALUES_BEFORE_ZEROS + 1;
    // The last zero is the value past the limit; each zero before it takes two characters.
    int column = HEAD.length() + 1 + 2 * (zeros - 1);

    assertThat(parse.apply(zeros(zeros - 1)).nodes()).hasSize(1);
    assertThatThrownBy(() -> parse.apply(zeros(zeros)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 1, column));
          assertThat(e.limit()).hasValue(new LimitViolation(
              "max_manifest_values", ManifestParser.MAX_VALUES, ManifestParser.MAX_VALUES + 1));
        })
        .hasMessage("manifest (line 1, column " + column + "): the manifest holds more than"
            + " 100000 values (strings, numbers, booleans, nulls, lists and objects, keys"
            + " included)");
  }

  @Test
  void parse_yamlAliasesOfAScalarPastTheLimit_areRefusedAtTheAliasWithTheLimit() {
    // The root object, "version", "v1", "nodes", the list, the node, "id", "g", "node_type",
    // "Gain", "params", the params object, "a", its 0, "b" and b's list: 16 values.
    String head = "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n    params:\n"
        + "      a: &a 0\n      b: [";
    int aliases = ManifestParser.MAX_VALUES - 16 + 1;
    String yaml = head + "*a" + ", *a".repeat(aliases - 1) + "]\n";
    // Line 7 is "      b: [" and then "*a, " again and again: the last alias is past the limit.
    int column = "      b: [".length() + 1 + 4 * (aliases - 1);

    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("", 7, column));
          assertThat(e.limit()).hasValue(new LimitViolation(
              "max_manifest_values", ManifestParser.MAX_VALUES, ManifestParser.MAX_VALUES + 1));
        })
        .hasMessage("manifest (line 7, column " + column + "): the manifest holds more than"
            + " 100000 values (strings, numbers, booleans, nulls, lists and objects, keys"
            + " included; this alias copies 1)");
  }

  @Test
  void parse_yamlFewAliasesOfALongListPastTheLimit_areRefusedAtTheAliasWithTheCount() {
    // 16 values up to b's list, as above, with a's list and its 9,999 zeros in place of a's 0:
    // 10,015. Each alias copies the list and its zeros, 10,000, so the 9th passes the limit,
    // at 100,015: fewer aliases of lists than the 16 snakeyaml allows.
    String yaml = "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n    params:\n"
        + "      a: &a [0" + ", 0".repeat(9_998) + "]\n      b:\n"
        + "        - *a\n".repeat(9);

    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          // Lines 8 to 15 hold the 8 aliases within the limit; "        - " is 10 characters.
          assertThat(e.location()).hasValue(new ManifestLocation("", 16, 11));
          assertThat(e.limit()).hasValue(new LimitViolation(
              "max_manifest_values", ManifestParser.MAX_VALUES, 100_015));
        })
        .hasMessageEndingWith("keys included; this alias copies 10000)");
    assertThat(parser.parse(yaml.substring(0, yaml.length() - "        - *a\n".length()))
        .nodes().get(0).params().get("b")).asList().hasSize(8);
  }

  @Test
  void parseJson_documentFarPastTheValueLimit_costsNoMoreThanOneJustPastIt() throws Exception {
    String justPast = zeros(ManifestParser.MAX_VALUES);
    String farPast = zeros(5 * ManifestParser.MAX_VALUES);
    AllocationBudget.Work parseJustPast = () -> refuse(justPast);
    AllocationBudget.Work parseFarPast = () -> refuse(farPast);
    // Once each first, so that class loading counts in neither measurement.
    parseJustPast.run();
    parseFarPast.run();

    long justPastBytes = AllocationBudget.allocatedBy(parseJustPast);
    long farPastBytes = AllocationBudget.allocatedBy(parseFarPast);

    // Reading stops at the value past the limit, so the rest of the document costs nothing
    // but the text itself (two bytes a character); composing it all cost about four times more.
    assertThat(farPastBytes).isLessThan(justPastBytes + 8L * farPast.length());
  }

  private void refuse(String text) {
    assertThatThrownBy(() -> parser.parseJson(new StringReader(text)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("holds more than");
  }
}
