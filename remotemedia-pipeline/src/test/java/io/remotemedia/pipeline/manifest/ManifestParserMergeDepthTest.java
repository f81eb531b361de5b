package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The depth limit counts the manifest a document makes, in which a YAML merge key's value is no
 * level: its object's keys join the object that holds the merge key. An object merged at the
 * limit was refused as one level deeper than it makes the manifest.
 */
class ManifestParserMergeDepthTest {
  private static final int LIMIT = ManifestParser.MAX_NESTING_DEPTH;
  /** The root object, nodes' list, the node and params are four levels; d is the fifth. */
  private static final String HEAD = "version: v1\nnodes: [{id: a, node_type: Gain, params:"
      + " {d: &d {y: [1]}, x: ";

  private final ManifestParser parser = new ManifestParser();

  /**
   * x's lists are levels 5 to 4 + lists, and the object in the innermost one is level 5 +
   * lists; what it merges brings y's list in one level deeper. So the manifest is 6 + lists
   * levels deep, whatever the form of the merge.
   */
  private static String merging(String merge, int lists) {
    return HEAD + "[".repeat(lists) + "{<<: " + merge + "}" + "]".repeat(lists) + "}}]\n";
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*d               | -1", "*d               | 0",
      "{y: [1]}         | -1", "{y: [1]}         | 0",
      "[*d, {z: 2}]     | -1", "[*d, {z: 2}]     | 0",
      "[{z: 2}, {y: [1]}] | -1", "[{z: 2}, {y: [1]}] | 0"})
  void parse_mergeWithinTheLimit_isRead(String merge, int belowOrAtTheLimit) {
    int lists = LIMIT - 6 + belowOrAtTheLimit;

    Object x = parser.parse(merging(merge, lists)).nodes().get(0).params().get("x");

    for (int i = 0; i < lists; i++) {
      assertThat(x).asList().hasSize(1);
      x = ((List<?>) x).get(0);
    }
    assertThat(x).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("y", List.of(1.0));
  }

  /** Each case: the merge, and the text in it where the level past the limit is reached. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*d                 | *d               | , counting the copy this alias makes",
      "{y: [1]}           | [1]              | ''",
      "[*d, {z: 2}]       | *d               | , counting the copy this alias makes",
      "[{z: 2}, {y: [1]}] | [1]              | ''"})
  void parse_mergeOneLevelPastTheLimit_isRefusedWhereItPassesIt(String merge, String at,
      String why) {
    String text = merging(merge, LIMIT - 6 + 1);
    String line2 = text.substring(text.indexOf('\n') + 1);
    int column = line2.lastIndexOf(at) + 1;

    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("", 2, column));
          assertThat(e.limit())
              .hasValue(new LimitViolation("max_nesting_depth", LIMIT, LIMIT + 1));
        })
        .hasMessage("manifest (line 2, column " + column + "): lists and objects nest more than"
            + " 32 levels deep" + why);
  }

  @Test
  void parse_flatObjectMergedIntoAnObjectAtTheLimit_isRead() {
    // x's lists are levels 5 to 31; the object in the innermost one is level 32, the limit.
    int lists = LIMIT - 5;
    String text = "version: v1\nnodes: [{id: a, node_type: Gain, params: {f: &f {z: 1}, x: "
        + "[".repeat(lists) + "{<<: *f, w: 2}" + "]".repeat(lists) + "}}]\n";

    Object x = parser.parse(text).nodes().get(0).params().get("x");

    for (int i = 0; i < lists; i++) {
      x = ((List<?>) x).get(0);
    }
    assertThat(x).isEqualTo(Map.of("z", 1.0, "w", 2.0));
  }

  @Test
  void parse_anchoredMergeListAliasedAsAValue_countsItsListAndObjects() {
    // m is the list [{y: [1]}] where it is written, 3 levels as a value: at x's 26 lists (5 to
    // 30) it nests to 33.
    String text = "version: v1\nnodes: [{id: a, node_type: Gain, params: {d: {<<: &m [{y:"
        + " [1]}]}, x: " + "[".repeat(26) + "*m" + "]".repeat(26) + "}}]\n";

    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.limit())
            .hasValue(new LimitViolation("max_nesting_depth", LIMIT, LIMIT + 1)));
    assertThat(parser.parse(text.replace("[".repeat(26) + "*m" + "]".repeat(26),
        "[".repeat(25) + "*m" + "]".repeat(25))).nodes()).hasSize(1);
  }

  @Test
  void parse_mergesNestedPastTheWrittenLimit_areRefusedWhereTheLevelStarts() {
    // Each "{<<: [" writes two levels that the manifest does not have: params' object is the
    // 4th as written, and the opening brackets after it the 5th, 6th and on.
    String head = "version: v1\nnodes: [{id: a, node_type: Gain, params: ";
    String text = head + "{<<: [".repeat(40) + "{a: 1}" + "]}".repeat(40) + "}]\n";
    int written = 2 * LIMIT + 1;
    // The 65th level is the 62nd bracket from params' object on: "[" of the 31st "{<<: [".
    int column = head.length() - "version: v1\n".length() + 30 * "{<<: [".length()
        + "{<<: ".length() + 1;

    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("", 2, column));
          assertThat(e.limit()).hasValue(
              new LimitViolation("max_written_nesting_depth", 2 * LIMIT, written));
        })
        .hasMessage("manifest (line 2, column " + column + "): lists and objects are written"
            + " nested more than 64 levels deep, counting the objects and lists of merge keys"
            + " (<<)");
  }
}
