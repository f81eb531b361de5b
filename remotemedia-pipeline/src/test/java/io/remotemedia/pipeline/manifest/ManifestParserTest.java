package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.LimitViolation;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {
  private static final String JSON = """
      {
        "version": "v1",
        "metadata": {"name": "voice", "description": "gain then gain"},
        "nodes": [
          {"id": "in", "node_type": "Gain", "params": {"gain_db": -6}},
          {"id": "out", "node_type": "Gain", "params": {"gain_db": 2.5,
           "nested": {"a": [1, true, null, "x"]}}}
        ],
        "connections": [{"from": "in", "to": "out"}]
      }
      """;

  private static final String YAML = """
      version: v1
      metadata:
        name: voice
        description: gain then gain
      nodes:
        - id: in
          node_type: Gain
          params: {gain_db: -6}
        - id: out
          node_type: Gain
          params:
            gain_db: 2.5
            nested:
              a: [1, true, null, x]
      connections:
        - from: in
          to: out
      """;

  private final ManifestParser parser = new ManifestParser();

  @Test
  void parse_json_buildsTheModel() {
    PipelineManifest manifest = parser.parse(JSON);

    assertThat(manifest.version()).isEqualTo("v1");
    assertThat(manifest.metadata()).isEqualTo(new ManifestMetadata("voice", "gain then gain"));
    assertThat(manifest.nodes()).extracting(NodeSpec::id).containsExactly("in", "out");
    assertThat(manifest.nodes().get(0).params()).isEqualTo(Map.of("gain_db", -6.0));
    assertThat(manifest.nodes().get(1).params().get("nested"))
        .isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, true, null, "x")));
    assertThat(manifest.connections()).containsExactly(new ConnectionSpec("in", "out"));
  }

  @Test
  void parse_yamlAndJsonOfTheSameManifest_areEqual() {
    assertThat(parser.parse(YAML)).isEqualTo(parser.parse(JSON));
  }

  @Test
  void parse_recordsLineAndColumnOfEveryValue() {
    PipelineManifest manifest = parser.parse(JSON);

    assertThat(manifest.locate("nodes[1].params.gain_db"))
        .isEqualTo(new ManifestLocation("nodes[1].params.gain_db", 6, 62));
    // A value that is absent is placed at its closest present parent.
    assertThat(manifest.locate("nodes[0].params.missing"))
        .isEqualTo(new ManifestLocation("nodes[0].params.missing", 5, 49));
  }

  @Test
  void parse_malformedJson_reportsLineAndColumn() {
    assertThatThrownBy(() -> parser.parse("{\"version\": \"v1\",\n \"nodes\": [}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValueSatisfying(location -> {
            assertThat(location.line()).isEqualTo(2);
            assertThat(location.column()).isEqualTo(11);
          });
          assertThat(e.getMessage()).isEqualTo("manifest (line 2, column 11): a list opened by"
              + " '[' here is not closed: '}' (at line 2, column 12) comes before ']'");
        });
  }

  @Test
  void parse_fileThatIsNotUtf8_saysSoWithoutNamingAJdkClass(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("pipeline.json");
    // 0xC4 0xFF is no UTF-8 sequence: what the start of many binary files looks like.
    Files.write(file, new byte[] {'{', (byte) 0xC4, (byte) 0xFF, '}'});

    assertThatThrownBy(() -> parser.parse(file))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 1, 2));
        })
        .hasMessage("manifest (line 1, column 2): not UTF-8 text: byte 0xC4, at byte 1, starts"
            + " no UTF-8 character; save the manifest as UTF-8 (is it Latin-1 or Windows-1252"
            + " text, or a binary file such as audio?)");
  }

  @Test
  void parse_controlCharacter_namesItAndWhereItIs() {
    byte[] wav = {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E'};

    assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(wav)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("manifest (line 1, column 6): not JSON or YAML text: control character"
            + " U+0000 at character 5 (is this a binary file, such as audio?)");
  }

  @Test
  void parse_wrongType_saysWhatWasExpectedAndFound() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: {id: x}\n"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes (line 2, column 8): expected a list, found an object");
    assertThatThrownBy(() -> parser.parse("version: 1\nnodes: []\n"))
        .hasMessage("version (line 1, column 10): expected a string, found a number (1)");
  }

  @Test
  void parse_scalarsOnlyYaml11Types_areStrings() {
    // YAML 1.1 read these as 90 (base 60), true, 10 (octal), 16000, true, a date; "._" was a
    // float its own constructor could not read (found by ManifestParserFuzzTest).
    PipelineManifest manifest = parser.parse("version: v1\nnodes:\n  - {id: g, node_type: Gain,"
        + " params: {a: 1:30, b: on, c: 012, d: 16_000, e: yes, f: 2026-12-05, g: ._, h: 0x10}}\n");

    assertThat(manifest.nodes().get(0).params()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a", "1:30", "b", "on", "c", "012", "d", "16_000", "e", "yes", "f", "2026-12-05",
        "g", "._", "h", "0x10"));
  }

  @Test
  void parse_numbersBooleansAndNulls_asJsonAndYaml12Write_them() {
    PipelineManifest manifest = parser.parse("version: v1\nnodes:\n  - {id: g, node_type: Gain,"
        + " params: {a: 0, b: -6, c: +1.5, d: .5, e: 1e3, f: -2.5E-1, g: true, h: False,"
        + " i: null, j: ~, k: -.inf, l: 7.}}\n");

    Map<String, Object> params = manifest.nodes().get(0).params();
    assertThat(params).containsEntry("a", 0.0).containsEntry("b", -6.0)
        .containsEntry("c", 1.5).containsEntry("d", 0.5).containsEntry("e", 1000.0)
        .containsEntry("f", -0.25).containsEntry("g", true).containsEntry("h", false)
        .containsEntry("i", null).containsEntry("j", null)
        .containsEntry("k", Double.NEGATIVE_INFINITY).containsEntry("l", 7.0);
  }

  @Test
  void compile_yaml11Number_isRefusedAsAStringByTheParameter() {
    PipelineManifest manifest = parser.parse(
        "version: v1\nnodes:\n  - {id: g, node_type: Gain, params: {gain_db: 1:30}}\n");

    assertThatThrownBy(() -> LocalPipelineRunner.create().execute(ExecutionRequest.of(
            manifest, "g", AudioBuffer.of(AudioFormat.f32(48000, 1), new float[16]))))
        .hasMessage("nodes[0].params.gain_db (line 3, column 48): expected a number, found a"
            + " string (\"1:30\")");
  }

  @Test
  void parse_missingField_isLocatedAtItsParent() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes:\n  - node_type: Gain\n"))
        .hasMessage("nodes[0].id (line 3, column 5): missing required field \"id\"");
  }

  @Test
  void parse_unknownField_suggestsTheClosest() {
    assertThatThrownBy(() -> parser.parse("""
        version: v1
        nodes:
          - id: a
            nodetype: Gain
        """))
        .hasMessage("nodes[0].nodetype (line 4, column 5): unknown field \"nodetype\""
            + " (did you mean \"node_type\"?); allowed: [id, node_type, params]");
  }

  /**
   * An unknown field was placed at its value, which may be lines away from the key that is
   * wrong; each is now placed at its key, also one a merge key brings in, where it is written.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`version: v1\nnodes:\n  - id: a\n    nodetype:\n      Gain\n`"
          + " | nodes[0].nodetype | 4 | 5 | [id, node_type, params]",
      "`version: v1\nnodes: []\nconections:\n  - {from: a, to: b}\n`"
          + " | conections | 3 | 1 | [connections, metadata, nodes, version]",
      "`version: v1\nmetadata: {name: x,\n  title:\n    y}\nnodes: []\n`"
          + " | metadata.title | 3 | 3 | [description, name]",
      "`version: v1\nnodes: []\nconnections: [{from: a,   via:   b, to: c}]\n`"
          + " | connections[0].via | 3 | 27 | [from, to]",
      "`{\"version\": \"v1\", \"nodes\": [],\n  \"extra\":\n    1}`"
          + " | extra | 2 | 3 | [connections, metadata, nodes, version]"})
  void parse_unknownField_isPlacedAtItsKey(String text, String path, int line, int column,
      String allowed) {
    String field = path.substring(path.lastIndexOf('.') + 1);

    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation(path, line, column)))
        .hasMessageStartingWith(path + " (line " + line + ", column " + column
            + "): unknown field \"" + field + "\"")
        .hasMessageEndingWith("; allowed: " + allowed);
  }

  @Test
  void parse_secondByteOrderMark_isRefusedWhereItIsAsNotShowing() {
    // A second byte order mark, as where two files were joined, is refused: YAML allows one
    // only as the first character, and in a key it would make a key that looks like another.
    assertThatThrownBy(() -> parser.parse("\uFEFFversion: v1\n\uFEFFnodes: []\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 2, 1)))
        .hasMessageStartingWith("manifest (line 2, column 1): U+FEFF (a byte order mark), which"
            + " does not show, inside the text");
  }

  @Test
  void parse_unknownFieldBroughtInByAMergeKey_isPlacedAtItsKeyWhereItIsWritten() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes:\n  - <<: &d\n"
        + "      {node_type: Gain,\n       gain_db: 1}\n    id: a\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("nodes[0].gain_db", 5, 8)))
        .hasMessageStartingWith("nodes[0].gain_db (line 5, column 8): unknown field"
            + " \"gain_db\"");
  }

  @Test
  void parse_duplicateKey_isRejectedAtTheSecondOne() {
    assertThatThrownBy(() -> parser.parse("""
        {"version": "v1", "nodes": [{"id": "a", "node_type": "Gain",
          "params": {"gain_db": 1, "gain_db": 2}}]}
        """))
        .hasMessage("nodes[0].params.gain_db (line 2, column 28): duplicate key \"gain_db\"");
  }

  @Test
  void parse_duplicateKeyGivenByAnAlias_isPlacedAtTheValueAfterTheAlias() {
    // The composer gives an alias the node of its anchor, and so the first key's place.
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: [{id: a, node_type: Gain,"
        + " params: {&k gain_db: 1,\n  *k : 2}}]\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.location())
            .hasValue(new ManifestLocation("nodes[0].params.gain_db", 3, 8)))
        .hasMessage("nodes[0].params.gain_db (line 3, column 8): duplicate key \"gain_db\","
            + " given again by the alias '*k' before this value");
  }

  @Test
  void parse_emptyDocument_isRejected() {
    assertThatThrownBy(() -> parser.parse("   \n"))
        .hasMessage("manifest: the document is empty; expected a manifest object");
  }

  @Test
  void parse_billionLaughs_isRejectedQuickly() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    assertThatThrownBy(() -> parser.parse(yaml.toString()))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("more than 16 aliases refer to lists or objects");
  }

  @Test
  void parse_aliasToAListOrObjectThatContainsIt_isRejectedWithItsPlace() {
    assertThatThrownBy(() -> parser.parse(
        "version: v1\nnodes:\n  - {id: g, node_type: Gain, params: {p: &a [1, *a]}}\n"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("nodes[0].params.p[1]")
        .hasMessageContaining("line 3")
        .hasMessageContaining("an alias refers to a list or object that contains it");
    assertThatThrownBy(() -> parser.parse(
        "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n    params: &m {p: {q: *m}}\n"))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("nodes[0].params.p.q")
        .hasMessageContaining("an alias refers to a list or object that contains it");
  }

  @Test
  void parse_aliasUsedTwiceSideBySide_isNoCycle() {
    PipelineManifest manifest = parser.parse("version: v1\nnodes:\n"
        + "  - {id: g, node_type: Gain, params: {p: &a [1, 2], q: [*a, *a]}}\n");

    assertThat(manifest.nodes().get(0).params().get("q"))
        .isEqualTo(List.of(List.of(1.0, 2.0), List.of(1.0, 2.0)));
  }

  @Test
  void parse_nestingAtTheLimit_isAccepted() {
    // The root object, nodes' list, the node and params are four levels; x adds the rest.
    int rest = ManifestParser.MAX_NESTING_DEPTH - 4;
    String atLimit = "version: v1\nnodes: [{id: a, node_type: Gain, params: {x: "
        + "[".repeat(rest) + "]".repeat(rest) + "}}]\n";

    assertThat(parser.parse(atLimit).nodes()).hasSize(1);
  }

  @Test
  void parse_deepNesting_isRejectedWhereTheTooDeepListStarts() {
    int rest = ManifestParser.MAX_NESTING_DEPTH - 4;
    String deep = "version: v1\nnodes: [{id: a, node_type: Gain, params: {x: "
        + "[".repeat(rest + 1) + "]".repeat(rest + 1) + "}}]\n";
    // Line 2: "nodes: [{id: a, node_type: Gain, params: {x: " is 45 characters; the lists start
    // at column 46, and the one past the limit is the last of them.
    int column = 46 + rest;

    assertThatThrownBy(() -> parser.parse(deep))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("manifest (line 2, column " + column
              + "): lists and objects nest more than 32 levels deep");
          assertThat(e.location()).hasValueSatisfying(location -> {
            assertThat(location.line()).isEqualTo(2);
            assertThat(location.column()).isEqualTo(column);
          });
          assertThat(e.limit()).contains(new LimitViolation("max_nesting_depth", 32, 33));
        });
  }

  @Test
  void parse_aliasWhoseCopyNestsPastTheLimit_isRejectedAtTheAlias() {
    // The root object, nodes' list, the node and params are four levels. a's 20 lists are
    // levels 5 to 24; an alias of a in b's 8 lists (5 to 12) copies them to levels 13 to 32,
    // the limit, and in c's 9 lists to 14 to 33, past it. Eleven aliases so nested made params
    // 314 levels deep.
    String atLimit = "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n    params:\n"
        + "      a: &a " + "[".repeat(20) + "]".repeat(20) + "\n"
        + "      b: " + "[".repeat(8) + "*a" + "]".repeat(8) + "\n";
    String past = atLimit + "      c: " + "[".repeat(9) + "*a" + "]".repeat(9) + "\n";

    assertThat(parser.parse(atLimit).nodes()).hasSize(1);
    assertThatThrownBy(() -> parser.parse(past))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("", 8, 19));
          assertThat(e.limit()).contains(new LimitViolation("max_nesting_depth", 32, 33));
        })
        .hasMessage("manifest (line 8, column 19): lists and objects nest more than 32 levels"
            + " deep, counting the copy this alias makes");
  }

  @Test
  void parse_tooManyAliasesOfCollections_isRejectedAtTheAliasPastTheLimit() {
    StringBuilder yaml = new StringBuilder("version: v1\nx: &a [1]\ny:\n");
    for (int i = 0; i < ManifestParser.MAX_COLLECTION_ALIASES + 1; i++) {
      yaml.append("  - *a\n");
    }

    assertThatThrownBy(() -> parser.parse(yaml.toString()))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          // Lines 4 to 19 hold the 16 aliases allowed; the 17th is on line 20.
          assertThat(e.getMessage()).isEqualTo("manifest (line 20, column 5): more than 16"
              + " aliases refer to lists or objects (each expands to a copy)");
          assertThat(e.limit()).contains(new LimitViolation("max_collection_aliases", 16, 17));
        });
  }

  @Test
  void parse_documentOverTheSizeLimit_isRejectedWithTheLimitAndItsSize() {
    ManifestParser small = new ManifestParser(2000);
    String big = "version: v1\nnodes: []\n# " + "x".repeat(10_000) + "\n";

    assertThatThrownBy(() -> small.parse(big))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("manifest: the document has " + big.length()
              + " characters, more than the limit of 2000 characters");
          assertThat(e.limit())
              .contains(new LimitViolation("max_manifest_chars", 2000, big.length()));
        });
  }

  @Test
  void parse_documentFarOverTheSizeLimit_isReadOnlySoFarToTellItsSize() {
    ManifestParser small = new ManifestParser(100);
    // An endless document: counting stops at 16 times the limit.
    Reader endless = new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) {
        Arrays.fill(buffer, offset, offset + length, 'x');
        return length;
      }

      @Override
      public void close() {}
    };

    assertThatThrownBy(() -> small.parse(endless))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("manifest: the document has at least 1600"
              + " characters, more than the limit of 100 characters");
          assertThat(e.limit()).contains(new LimitViolation("max_manifest_chars", 100, 1600));
        });
  }

  /**
   * A tag gives a value a type of its own: snakeyaml refused a global one as "Global tag is not
   * allowed", read !!set, !!omap and a local tag on a list or object as plain ones, and read
   * !!bool "yes" as true. Each is refused where it is written, named as it was written.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`x: !!python/object:os.system [ls]`       | !!python/object:os.system",
      "`x: !!java.net.URL [\"http://a\"]`       | !!java.net.URL",
      "`x: !foo bar`                              | !foo",
      "`x: !foo {y: 1}`                           | !foo",
      "`x: !!str 5`                               | !!str",
      "`x: !!bool \"yes\"`                        | !!bool",
      "`x: !!set {a, b}`                          | !!set",
      "`x: !!omap [a: 1]`                         | !!omap",
      "`x: !!binary aGk=`                         | !!binary",
      "`x: ! 5`                                   | !",
      "`x: !<tag:example.com,2026:gain> 5`        | tag:example.com,2026:gain"})
  void parse_yamlTag_isRefusedWhereItIsWritten(String param, String tag) {
    String head = "version: v1\nnodes:\n  - id: a\n    node_type: Gain\n    params:\n      ";

    assertThatThrownBy(() -> parser.parse(head + param + "\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.location()).hasValue(new ManifestLocation("", 6, 10));
        })
        .hasMessage("manifest (line 6, column 10): YAML tags are not read: found '" + tag
            + "'; a manifest holds JSON's values (strings, numbers, booleans, null, lists and"
            + " objects): remove the tag (quote a value to make it a string)");
  }

  @Test
  void parse_yamlTagOnTheDocument_isRefused() {
    assertThatThrownBy(() -> parser.parse("--- !manifest\nversion: v1\nnodes: []\n"))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("manifest (line 1, column 5): YAML tags are not read: found"
            + " '!manifest'");
  }

  /**
   * snakeyaml refuses a tab before a token with "(Do not use \t(TAB) for indentation)", also
   * where the tab indents nothing: after "key:", after "-", between items in brackets.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`version: v1\nnodes:\n\t- {id: g, node_type: Gain}\n`        | 3 | 1",
      "`version: v1\nnodes:\n  - id: g\n    node_type:\tGain\n`     | 4 | 15",
      "`version: v1\nnodes:\n  -\tid: g\n    node_type: Gain\n`      | 3 | 4",
      "`version: v1\nnodes: [{id: g,\tnode_type: Gain}]\n`            | 2 | 16"})
  void parse_yamlTabWhereSpacesAreTaken_saysSoAndWhere(String yaml, int line, int column) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", line, column)))
        .hasMessage("manifest (line " + line + ", column " + column + "): not valid JSON or"
            + " YAML: a tab before a key, a value or '-', where YAML takes only spaces; use"
            + " spaces (JSON may use tabs: name the file .json, or call parseJson)");
  }

  @Test
  void parse_secondYamlDocument_isRefusedWhereItStarts() {
    assertThatThrownBy(() -> parser.parse("version: v1\nnodes: []\n---\nversion: v1\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValue(new ManifestLocation("", 3, 1)))
        .hasMessage("manifest (line 3, column 1): a second YAML document; a manifest is one"
            + " document: remove this '---' and what follows it, or the document before it");
    assertThat(parser.parse("---\nversion: v1\nnodes: []\n...\n").nodes()).isEmpty();
  }

  @Test
  void parse_yamlMergeKeys_bringInTheKeysAnObjectDoesNotGiveItself() {
    PipelineManifest manifest = parser.parse("""
        version: v1
        nodes:
          - &loud {id: a, node_type: Gain, params: &p {gain_db: 6}}
          - <<: *loud
            id: b
          - id: c
            node_type: Gain
            params:
              <<: [{gain_db: 1, x: 1}, *p, {y: 3}]
              x: 2
        """);

    assertThat(manifest.nodes()).containsExactly(
        new NodeSpec("a", "Gain", Map.of("gain_db", 6.0)),
        new NodeSpec("b", "Gain", Map.of("gain_db", 6.0)),
        new NodeSpec("c", "Gain", Map.of("gain_db", 1.0, "x", 2.0, "y", 3.0)));
    // A merged value is placed where it is written: the 6 on line 3.
    assertThat(manifest.locate("nodes[1].params.gain_db"))
        .isEqualTo(new ManifestLocation("nodes[1].params.gain_db", 3, 57));
  }

  @Test
  void parse_quotedMergeKey_isAnOrdinaryKeyAsInJson() {
    assertThat(parser.parse("version: v1\nnodes: [{id: a, node_type: Gain,"
        + " params: {\"<<\": {gain_db: 1}}}]\n").nodes().get(0).params())
        .isEqualTo(Map.of("<<", Map.of("gain_db", 1.0)));
  }

  @Test
  void parse_plainMergeKeyTextAsAValue_isTheStringAsInJson() {
    PipelineManifest manifest = parser.parse(
        "version: v1\nnodes: [{id: <<, node_type: Gain, params: {x: <<, y: [<<]}}]\n");

    assertThat(manifest.nodes()).containsExactly(
        new NodeSpec("<<", "Gain", Map.of("x", "<<", "y", List.of("<<"))));
  }

  /** Each case: the params, the index in them where the error points, and the problem. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{<<: 5}`                  | 5  | a merge key (<<) takes an object or a list of objects,"
          + " found a number (5)",
      "`{<<: [{a: 1}, [2]]}`      | 14 | a merge key (<<) takes an object or a list of objects,"
          + " found a list",
      "`&m {a: {<<: *m}}`         | 7  | an alias refers to a list or object that contains it;"
          + " a value cannot contain itself",
      "`&m {<<: *m}`              | 0  | a merge key (<<) brings in the object that holds it",
      "`{<<: {a: 1}, <<: {b: 2}}` | 13 | duplicate key \"<<\""})
  void parse_badYamlMergeKey_isRefusedWhereItIs(String params, int index, String problem) {
    String line2 = "nodes: [{id: a, node_type: Gain, params: ";

    assertThatThrownBy(() -> parser.parse("version: v1\n" + line2 + params + "}]\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.location()).hasValueSatisfying(location -> {
              assertThat(location.path()).startsWith("nodes[0].params");
              assertThat(location.line()).isEqualTo(2);
              assertThat(location.column()).isEqualTo(line2.length() + 1 + index);
            }))
        .hasMessageEndingWith(problem);
  }

  /**
   * Every value's path (nodes[0].params.k...) was made as text and kept for its place: under 25
   * keys of 1,000 characters, 10,000 values held 250 million characters, and a megabyte of such
   * a document ran out of memory. The cost is now that of the document.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void parse_longKeysNestedDeep_costInProportionToTheDocument(boolean json) throws Exception {
    String key = "k".repeat(1_000);
    StringBuilder text = new StringBuilder(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\", \"params\": ");
    for (int i = 0; i < 25; i++) {
      text.append("{\"").append(key).append(i).append("\": ");
    }
    text.append("{");
    for (int i = 0; i < 10_000; i++) {
      text.append(i == 0 ? "" : ", ").append("\"v").append(i).append("\": 1");
    }
    text.append("}").append("}".repeat(25)).append("}]}");
    String document = text.toString();

    AllocationBudget.of((16L << 20) + 1024L * document.length()).check(() -> {
      PipelineManifest manifest = json
          ? parser.parseJson(new StringReader(document)) : parser.parse(document);
      assertThat(manifest.nodes()).hasSize(1);
    });
  }

  @Test
  void parse_manyNodes_keepsDocumentOrder() {
    StringBuilder json = new StringBuilder("{\"version\":\"v1\",\"nodes\":[");
    for (int i = 0; i < 50; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i)
          .append("\",\"node_type\":\"Gain\"}");
    }
    json.append("]}");

    List<NodeSpec> nodes = parser.parse(json.toString()).nodes();

    assertThat(nodes).hasSize(50);
    assertThat(nodes.get(49).id()).isEqualTo("n49");
  }
}
