package io.remotemedia.pipeline.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import org.junit.jupiter.api.Test;

class PipelineGraphTest {
  private final ManifestParser parser = new ManifestParser();
  private final NodeRegistry registry = NodeRegistry.standard();

  private PipelineGraph compile(String yaml) {
    return PipelineGraph.compile(parser.parse(yaml), registry);
  }

  @Test
  void compile_chainAndFanOut_ordersEveryNodeAfterItsInput() {
    PipelineGraph graph = compile("""
        version: v1
        nodes:
          - {id: c, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: a, node_type: Gain}
          - {id: d, node_type: Gain}
        connections:
          - {from: a, to: b}
          - {from: b, to: c}
          - {from: a, to: d}
        """);

    assertThat(graph.executionOrder()).extracting(GraphNode::id).containsExactly("a", "b", "d",
        "c");
    assertThat(graph.sources()).extracting(GraphNode::id).containsExactly("a");
    assertThat(graph.sinks()).extracting(GraphNode::id).containsExactlyInAnyOrder("c", "d");
  }

  @Test
  void compile_unknownNodeType_listsTypesAndClosestMatch() {
    assertThatThrownBy(() -> compile("version: v1\nnodes:\n  - {id: a, node_type: gian}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.getMessage()).startsWith(
              "nodes[0].node_type (line 3, column 24): unknown node type \"gian\""
                  + " (did you mean \"Gain\"?); available: ");
          assertThat(e.getMessage()).contains("Gain");
        });
  }

  @Test
  void compile_unknownNodeTypeHoldingAnInvisibleCharacter_namesTheCharacter() {
    assertThatThrownBy(() -> compile(
            "{\"version\":\"v1\",\"nodes\":[{\"id\":\"a\",\"node_type\":\"Gain\\ufeff\"}]}"))
        .hasMessageStartingWith("nodes[0].node_type (line 1, column 48): unknown node type"
            + " \"Gain\uFEFF\" (it holds U+FEFF, which does not show) (did you mean \"Gain\"?);"
            + " available: ");
  }

  @Test
  void compile_unknownParameterHoldingAnInvisibleCharacter_namesTheCharacter() {
    assertThatThrownBy(() -> compile(
            "{\"version\":\"v1\",\"nodes\":[{\"id\":\"a\",\"node_type\":\"Gain\","
                + "\"params\":{\"gain\\u200b_db\":1}}]}"))
        .hasMessageStartingWith("nodes[0].params.gain\u200B_db (line 1, column 65): unknown"
            + " parameter \"gain\u200B_db\" (it holds U+200B, which does not show)");
  }

  @Test
  void compile_parameterOutOfRange_statesTheRangeAndLocation() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - id: a
            node_type: Gain
            params:
              gain_db: 99
        """))
        .hasMessage("nodes[0].params.gain_db (line 6, column 16): value 99 is out of range;"
            + " allowed: [-120, 60]");
  }

  @Test
  void compile_parameterOfWrongType_saysWhatWasFound() {
    assertThatThrownBy(() -> compile(
            "{\"version\":\"v1\",\"nodes\":[{\"id\":\"a\",\"node_type\":\"Gain\","
                + "\"params\":{\"gain_db\":\"loud\"}}]}"))
        .hasMessage("nodes[0].params.gain_db (line 1, column 75): expected a number,"
            + " found a string (\"loud\")");
  }

  @Test
  void compile_parameterThatIsNull_isRefusedNotDefaulted() {
    assertThatThrownBy(() -> compile(
            "{\"version\":\"v1\",\"nodes\":[{\"id\":\"a\",\"node_type\":\"Gain\","
                + "\"params\":{\"gain_db\":null}}]}"))
        .hasMessage("nodes[0].params.gain_db (line 1, column 75): the value is null; give a"
            + " value, or leave the parameter out to take its default");
  }

  @Test
  void compile_unknownParameter_listsParametersAndClosestMatch() {
    assertThatThrownBy(() -> compile(
            "version: v1\nnodes:\n  - {id: a, node_type: Gain, params: {gain: 3}}\n"))
        .hasMessage("nodes[0].params.gain (line 3, column 39): unknown parameter \"gain\""
            + " (did you mean \"gain_db\"?); Gain takes: gain_db");
  }

  @Test
  void compile_unknownParameter_isPlacedAtItsKeyAsAnUnknownFieldIs() {
    String yaml = "version: v1\nnodes:\n  - id: a\n    node_type: Gain\n    params:\n"
        + "      gain:\n        3\n";

    assertThatThrownBy(() -> compile(yaml))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.location()).hasValue(new ManifestLocation("nodes[0].params.gain", 6, 7));
          assertThat(e.context()).containsEntry(ManifestLocation.PLACE, ManifestLocation.AT_KEY);
        });
  }

  @Test
  void compile_longStringForANumberOrAChoice_isQuotedShortenedWithItsLength() {
    String text = "x".repeat(5_000);

    assertThatThrownBy(() -> compile("version: v1\nnodes:\n"
            + "  - {id: a, node_type: Gain, params: {gain_db: " + text + "}}\n"))
        .hasMessage("nodes[0].params.gain_db (line 3, column 48): expected a number, found a"
            + " string (\"" + "x".repeat(32) + "…(5000 characters)\")");
    assertThatThrownBy(() -> compile("version: v1\nnodes:\n"
            + "  - {id: a, node_type: Biquad, params: {filter_type: " + text + "}}\n"))
        .hasMessageContaining("found \"" + "x".repeat(32) + "…(5000 characters)\"")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void compile_failuresOfOneNode_nameItsId() {
    String first = "version: v1\nnodes:\n  - {id: in, node_type: Gain}\n";

    assertThatThrownBy(() -> compile(first + "  - {id: loud, node_type: Gian}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.nodeId()).as("unknown type").contains("loud"));
    assertThatThrownBy(() -> compile(first
            + "  - {id: loud, node_type: Gain, params: {gain_db: 99}}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.nodeId()).as("out of range").contains("loud");
          assertThat(e.location()).map(ManifestLocation::path)
              .contains("nodes[1].params.gain_db");
        });
    assertThatThrownBy(() -> compile(first
            + "  - {id: loud, node_type: Gain, params: {gian_db: 3}}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.nodeId()).as("unknown parameter").contains("loud"));
    assertThatThrownBy(() -> compile(first
            + "  - {id: loud, node_type: Biquad, params: {filter_type: highpass, gain_db: -6}}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.nodeId()).as("a node type's own check").contains("loud"));
  }

  @Test
  void compile_duplicateIds_namesTheFirstUse() {
    assertThatThrownBy(() -> compile(
            "version: v1\nnodes:\n  - {id: a, node_type: Gain}\n  - {id: a, node_type: Gain}\n"))
        .hasMessage("nodes[1].id (line 4, column 10): duplicate node id \"a\";"
            + " already used by nodes[0]");
  }

  @Test
  void compile_idOfTheLimitsLength_isTaken() {
    String id = "n".repeat(128);
    assertThat(compile("version: v1\nnodes:\n  - {id: " + id + ", node_type: Gain}\n")
        .executionOrder()).hasSize(1);
  }

  @Test
  void compile_idOverTheLimit_isRefusedWhereItIsWithTheLimitAndLength() {
    String id = "n".repeat(129);
    assertThatThrownBy(() -> compile(
            "version: v1\nnodes:\n  - {id: a, node_type: Gain}\n  - {id: " + id
                + ", node_type: Gain}\n"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("nodes[1].id (line 4, column 10): node id \""
              + "n".repeat(32) + "…(129 characters)\" is over the limit of 128 characters"
              + " (max_node_id_chars)");
          assertThat(e.limit()).contains(new LimitViolation("max_node_id_chars", 128, 129));
        });
  }

  @Test
  void compile_idWithAControlCharacter_isRefusedWhereItIs_withTheCharacterEscaped() {
    // ESC [2J clears a terminal: run printed ids raw, and errors quoted them raw.
    assertThatThrownBy(() -> compile(
            "{\"version\": \"v1\", \"nodes\": [{\"id\": \"a\\u001b[2Jb\","
                + " \"node_type\": \"Gain\"}]}"))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.getMessage()).isEqualTo("nodes[0].id (line 1, column 36): node id"
              + " \"a\\u001B[2Jb\" has a control character, U+001B at index 1; ids must be"
              + " printable");
          assertThat(e.getMessage()).doesNotContain("\u001b");
        });
  }

  @Test
  void compile_connectionToUnknownNode_suggestsTheClosest() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - {id: gain, node_type: Gain}
          - {id: out, node_type: Gain}
        connections:
          - {from: gian, to: out}
        """))
        .hasMessage("connections[0].from (line 6, column 12): unknown node \"gian\""
            + " (did you mean \"gain\"?); nodes: gain, out");
  }

  @Test
  void compile_selfLoop_isRejected() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes: [{id: a, node_type: Gain}]
        connections: [{from: a, to: a}]
        """))
        .hasMessage("connections[0] (line 3, column 15): node \"a\" is connected to itself");
  }

  @Test
  void compile_cycle_isReportedAsAPath() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: c, node_type: Gain}
        connections:
          - {from: a, to: b}
          - {from: b, to: c}
          - {from: c, to: a}
        """))
        .hasMessage("connections (line 7, column 3): connections form a cycle: a -> b -> c -> a");
  }

  @Test
  void compile_twoInputsToOneNode_isRejected() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: c, node_type: Gain}
        connections:
          - {from: a, to: c}
          - {from: b, to: c}
        """))
        .hasMessage("connections[1].to (line 8, column 19): node \"c\" (Gain) takes one input,"
            + " but 2 connections lead into it (from a, b); join branches with a Mix node");
  }

  @Test
  void compile_wrongVersionOrNoNodes_isRejected() {
    assertThatThrownBy(() -> compile("version: v2\nnodes: [{id: a, node_type: Gain}]\n"))
        .hasMessage("version (line 1, column 10): unsupported version \"v2\"; expected \"v1\"");
    assertThatThrownBy(() -> compile("version: v1\nnodes: []\n"))
        .hasMessage("nodes (line 2, column 8): a pipeline needs at least one node");
  }

  @Test
  void compile_mixWithItsDeclaredInputs_ordersItAfterBoth() {
    PipelineGraph graph = compile("""
        version: v1
        nodes:
          - {id: mix, node_type: Mix, params: {inputs: 2}}
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: src, node_type: Gain}
        connections:
          - {from: src, to: a}
          - {from: src, to: b}
          - {from: b, to: mix}
          - {from: a, to: mix}
        """);

    assertThat(graph.executionOrder()).extracting(GraphNode::id)
        .containsExactly("src", "a", "b", "mix");
    assertThat(graph.node("mix").upstreamIds()).containsExactly("b", "a");
    assertThat(graph.node("mix").isFanIn()).isTrue();
  }

  @Test
  void compile_mixWithFewerConnectionsThanDeclared_isRejected() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: mix, node_type: Mix, params: {inputs: 3}}
        connections:
          - {from: a, to: mix}
          - {from: b, to: mix}
        """))
        .hasMessage("connections[1].to (line 8, column 19): node \"mix\" (Mix) takes 3 inputs,"
            + " but 2 connections lead into it (from a, b)");
    assertThatThrownBy(() -> compile("version: v1\nnodes: [{id: m, node_type: Mix}]\n"))
        .hasMessage("nodes[0] (line 2, column 9): node \"m\" (Mix) takes 2 inputs, but no"
            + " connection leads into it");
  }

  @Test
  void compile_cycleThroughAMix_isReportedAsAPath() {
    assertThatThrownBy(() -> compile("""
        version: v1
        nodes:
          - {id: src, node_type: Gain}
          - {id: mix, node_type: Mix}
          - {id: loop, node_type: Gain}
        connections:
          - {from: src, to: mix}
          - {from: loop, to: mix}
          - {from: mix, to: loop}
        """))
        .hasMessage("connections (line 7, column 3): connections form a cycle:"
            + " mix -> loop -> mix");
  }
}
