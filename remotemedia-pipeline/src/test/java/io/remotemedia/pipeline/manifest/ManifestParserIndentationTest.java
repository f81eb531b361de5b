package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A YAML line indented as no key or item around it is: past the keys of its object after a
 * complete value, or between the keys of an object and the '-' of the list that holds it; and a
 * list item among an object's keys, or a key among a list's items. snakeyaml said "expected
 * &lt;block end&gt;, but found '&lt;block mapping start&gt;'" (or '-', or '?'); each is now
 * refused as what it is, where it starts.
 */
class ManifestParserIndentationTest {
  private static final String NODE = "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n";

  private final ManifestParser parser = new ManifestParser();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\n  connections: []\n~                  | 3 | 3",
      "~version: v1\nnodes:\n  - id: g\n   node_type: Gain\n~         | 4 | 4",
      "~" + NODE + " - id: h\n~                                       | 5 | 2",
      "~" + NODE + "   - id: h\n~                                     | 5 | 4",
      "~version: v1\nnodes: []\nmetadata: |\n  a\n name: x\n~          | 5 | 2"})
  void parse_lineIndentedAsNoKeyOrItemAroundIt_isRefusedWhereItStarts(String yaml, int line,
      int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): this line is indented"
            + " as no key or item around it is: indent it as the keys of its object, or the '-'"
            + " of its list, are");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: []\n- id: g\n~ | a list item ('- ') among the keys of an object: a"
          + " list is the value of a key ('key:' and then its '- ' lines)",
      "~nodes:\n  - id: g\n  node_type: Gain\n~ | a key among the items ('- ') of a list: an item"
          + " that is an object starts '- key: value', and its other keys are indented past the"
          + " '-'"})
  void parse_itemAmongKeysOrKeyAmongItems_isRefusedWhereItStarts(String yaml, String problem) {
    int column = yaml.startsWith("nodes") ? 3 : 1;
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", 3, column)))
        .hasMessage("manifest (line 3, column " + column + "): " + problem);
  }

  /**
   * A list item ('- ') on the line of the key whose value it starts: snakeyaml said "sequence
   * entries are not allowed here".
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~version: v1\nnodes: - a\n~                       | 2 | 8",
      "~version: v1\nnodes: []\nmetadata:\n  x:   - a\n~   | 4 | 8"})
  void parse_listItemOnItsKeysLine_isRefusedAtTheDash(String yaml, int line, int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): a list item ('- ') on"
            + " the line of its key: a list in '- ' lines starts on the line after its key,"
            + " or write it in brackets on the key's line ([a, b])");
  }
}
