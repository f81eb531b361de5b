package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same manifest text read as JSON ({@code parseJson}, a {@code .json} file) and as YAML
 * ({@code parse}, any other text) gives an equal manifest, or the same error at the same place
 * for the same mistake, through parsing and compiling. Where the two differ on purpose, each
 * does what docs/embedding.md says it does.
 */
class ManifestDialectTest {
  private static final ManifestParser PARSER = new ManifestParser();

  /** A manifest of one node, {@code n}, of {@code type} with {@code params} (JSON text). */
  private static String node(String type, String params) {
    return "{\"version\": \"v1\", \"nodes\": [{\"id\": \"n\", \"node_type\": \"" + type
        + "\", \"params\": " + params + "}]}";
  }

  /**
   * Each case: its name, the text, and what both readers give: the first node's parameters
   * (a map), or a part of the error's message (a string).
   */
  static Stream<Arguments> sameInBoth() {
    return Stream.of(
        Arguments.of("duplicate key", node("Gain", "{\"gain_db\": 1, \"gain_db\": 2}"),
            "duplicate key \"gain_db\""),
        Arguments.of("duplicate key, one escaped",
            node("Gain", "{\"gain_db\": 1, \"gain\\u005fdb\": 2}"), "duplicate key \"gain_db\""),
        Arguments.of("duplicate top-level key",
            "{\"version\": \"v1\", \"version\": \"v1\", \"nodes\": []}",
            "duplicate key \"version\""),
        Arguments.of("number too large for a double", node("Gain", "{\"gain_db\": 1e400}"),
            "the number 1e400 is too large"),
        Arguments.of("negative number too large", node("Gain", "{\"gain_db\": -1E+400}"),
            "the number -1E+400 is too large"),
        Arguments.of("integer too large for a double",
            node("Gain", "{\"gain_db\": 1" + "0".repeat(400) + "}"), "is too large"),
        Arguments.of("number too small for a double is 0", node("Gain", "{\"gain_db\": 1e-400}"),
            Map.of("gain_db", 0.0)),
        Arguments.of("-0 is the integer 0", node("Gain", "{\"gain_db\": -0}"),
            Map.of("gain_db", 0.0)),
        Arguments.of("-0.0 is negative zero", node("Gain", "{\"gain_db\": -0.0}"),
            Map.of("gain_db", -0.0)),
        Arguments.of("1.0 and 1 are one number",
            node("AudioChunker", "{\"frame_size\": 512.0, \"overlap\": 2.56e2}"),
            Map.of("frame_size", 512.0, "overlap", 256.0)),
        Arguments.of("a fraction for an integer", node("AudioChunker", "{\"frame_size\": 512.5}"),
            "expected a whole number, found 512.5"),
        Arguments.of("integer past long", node("AudioChunker",
            "{\"frame_size\": 123456789012345678901234567890}"), "is out of range"),
        Arguments.of("integer past 2^53 is rounded to a double",
            node("Gain", "{\"gain_db\": 9007199254740993}"),
            "value 9.007199254740992E15 is out of range"),
        Arguments.of("boolean for a number", node("Gain", "{\"gain_db\": true}"),
            "expected a number, found a boolean (true)"),
        Arguments.of("number for a boolean", node("AudioChunker", "{\"pad_final\": 1}"),
            "expected true or false, found a number (1)"),
        Arguments.of("string for a boolean", node("AudioChunker", "{\"pad_final\": \"true\"}"),
            "expected true or false, found a string (\"true\")"),
        Arguments.of("null parameter", node("Gain", "{\"gain_db\": null}"),
            "the value is null; give a value, or leave the parameter out"),
        Arguments.of("null params", node("Gain", "null"),
            "expected an object of parameters, found null"),
        Arguments.of("empty string for a number", node("Gain", "{\"gain_db\": \"\"}"),
            "expected a number, found a string (\"\")"),
        Arguments.of("empty node id",
            "{\"version\": \"v1\", \"nodes\": [{\"id\": \"\", \"node_type\": \"Gain\"}]}",
            "node id must not be empty"),
        Arguments.of("empty version", "{\"version\": \"\", \"nodes\": []}",
            "unsupported version \"\""),
        Arguments.of("key differing in case", node("Gain", "{\"Gain_DB\": 1}"),
            "unknown parameter \"Gain_DB\" (did you mean \"gain_db\"?)"),
        Arguments.of("top-level key differing in case", "{\"Version\": \"v1\", \"nodes\": []}",
            "unknown field \"Version\" (did you mean \"version\"?)"),
        Arguments.of("node type differing in case", node("gain", "{}"),
            "unknown node type \"gain\" (did you mean \"Gain\"?)"),
        Arguments.of("missing node_type", "{\"version\": \"v1\", \"nodes\": [{\"id\": \"n\"}]}",
            "missing required field \"node_type\""),
        Arguments.of("missing nodes", "{\"version\": \"v1\"}", "missing required field \"nodes\""),
        Arguments.of("extra node field", "{\"version\": \"v1\", \"nodes\": [{\"id\": \"n\","
            + " \"node_type\": \"Gain\", \"gain_db\": 1}]}", "unknown field \"gain_db\""),
        Arguments.of("number for the version", "{\"version\": 1, \"nodes\": []}",
            "expected a string, found a number (1)"),
        Arguments.of("number longer than JSON reads", node("Gain", "{\"gain_db\": "
            + "9".repeat(2_000) + "}"), "a number of 2000 characters; numbers are read up to 1024"),
        Arguments.of("list closed by '}'", "{\"version\": \"v1\", \"nodes\": [\n}",
            "(line 1, column 28): a list opened by '[' here is not closed: '}' (at line 2,"
                + " column 1) comes before ']'"),
        Arguments.of("object closed by ']'", node("Gain", "{\"gain_db\": 1]"),
            "an object opened by '{' here is not closed: ']'"),
        Arguments.of("object not closed", "{\"version\": \"v1\", \"nodes\": []\n",
            "(line 1, column 1): an object opened by '{' here is not closed: the text ends (at"
                + " line 2, column 1) before '}'"),
        Arguments.of("text after the manifest's value", "{\"version\": \"v1\", \"nodes\":"
            + " []} {}", "(line 1, column 32): text after the end of the manifest's value"),
        Arguments.of("key with a zero-width space", "{\"version\": \"v1\", \"nodes\": [{\"id\":"
            + " \"n\", \"node\u200B_type\": \"Gain\"}]}", "unknown field \"node\u200B_type\" (it"
            + " holds U+200B, which does not show) (did you mean \"node_type\"?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameInBoth")
  void parseAndCompile_sameTextAsJsonAndAsYaml_giveTheSameResult(String name, String text,
      Object expected) {
    Outcome json = Outcome.of(text, reader -> PARSER.parseJson(new StringReader(reader)));
    Outcome yaml = Outcome.of(text, PARSER::parse);

    assertThat(yaml).isEqualTo(json);
    assertOutcome(json, expected);
    if (json.manifest().isEmpty()) {
      assertThat(json.location()).hasValueSatisfying(location ->
          assertThat(location.hasPosition()).isTrue());
    }
  }

  /**
   * Each case: its name, the text, and what JSON and YAML each give: the first node's parameters
   * (a map), or a part of the error's message (a string). JSON is held to RFC 8259; YAML reads
   * more, and refuses some characters and an escape that JSON allows.
   */
  static Stream<Arguments> differentOnPurpose() {
    return Stream.of(
        Arguments.of("trailing comma", node("Gain", "{\"gain_db\": 1,}"),
            "JSON allows no trailing comma", Map.of("gain_db", 1.0)),
        Arguments.of("comment", node("Gain", "{\"gain_db\": 1 # loud\n}"),
            "found '#': JSON has no comments", Map.of("gain_db", 1.0)),
        Arguments.of("comment after a comma", node("Gain", "{\"gain_db\": 1, // loud\n}"),
            "found '/': JSON has no comments", "unknown parameter \"// loud\""),
        Arguments.of("plus sign", node("Gain", "{\"gain_db\": +1}"),
            "not a JSON number", Map.of("gain_db", 1.0)),
        Arguments.of("leading point", node("Gain", "{\"gain_db\": .5}"),
            "not a JSON number", Map.of("gain_db", 0.5)),
        Arguments.of("leading zero", node("Gain", "{\"gain_db\": 01}"),
            "not a JSON number", "expected a number, found a string (\"01\")"),
        Arguments.of("capitalised boolean", node("AudioChunker", "{\"pad_final\": True}"),
            "JSON strings are in double quotes", Map.of("pad_final", true)),
        Arguments.of("single quotes", node("Gain", "{'gain_db': 1}"),
            "JSON strings are in double quotes", Map.of("gain_db", 1.0)),
        Arguments.of("infinity", node("Gain", "{\"gain_db\": .inf}"),
            "JSON has no NaN or Infinity", "expected a finite number, found Infinity"),
        Arguments.of("YAML tag", node("Gain", "{\"gain_db\": !!float 1}"),
            "found '!!float': not a JSON value", "YAML tags are not read: found '!!float'"),
        Arguments.of("escaped slash", node("Gain", "{\"gain\\/db\": 1}"),
            "unknown parameter \"gain/db\"", "unknown escape \\/ in a string; YAML's are"),
        Arguments.of("tab in a string", node("Gain", "{\"gain\tdb\": 1}"),
            "control character U+0009 in a string", "unknown parameter \"gain\\u0009db\""),
        Arguments.of("U+0080 in a string", node("Gain", "{\"gain\u0080db\": 1}"),
            "unknown parameter \"gain\\u0080db\"", "control character U+0080"),
        Arguments.of("U+2028 in a string", node("Gain", "{\"gain\u2028db\": 1}"),
            "unknown parameter \"gain\u2028db\"", "U+2028 (line separator), which this YAML"
                + " reader takes for a line break"),
        Arguments.of("key with a byte order mark", "{\"\uFEFFversion\": \"v1\", \"nodes\": []}",
            "unknown field \"\uFEFFversion\" (it holds U+FEFF, which does not show) (did you"
                + " mean \"version\"?)", "(line 1, column 3): U+FEFF (a byte order mark), which"
                + " does not show, inside the text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentOnPurpose")
  void parseAndCompile_textJsonAndYamlReadApart_givesWhatEachIsDocumentedToGive(String name,
      String text, Object asJson, Object asYaml) {
    assertOutcome(Outcome.of(text, reader -> PARSER.parseJson(new StringReader(reader))), asJson);
    assertOutcome(Outcome.of(text, PARSER::parse), asYaml);
  }

  private static void assertOutcome(Outcome outcome, Object expected) {
    if (expected instanceof Map<?, ?> params) {
      assertThat(outcome.manifest()).hasValueSatisfying(manifest ->
          assertThat(manifest.nodes().get(0).params()).isEqualTo(params));
    } else {
      assertThat(outcome.manifest()).isEmpty();
      assertThat(outcome.error()).contains((String) expected);
    }
  }

  /**
   * What parsing and compiling {@code text} gave: the manifest, or the error's message and
   * location. Compared across dialects, so that a difference in either shows.
   */
  private record Outcome(Optional<PipelineManifest> manifest, String error,
      Optional<ManifestLocation> location) {
    static Outcome of(String text, Function<String, PipelineManifest> parse) {
      try {
        PipelineManifest manifest = parse.apply(text);
        PipelineGraph.compile(manifest, NodeRegistry.standard());
        return new Outcome(Optional.of(manifest), "", Optional.empty());
      } catch (PipelineException e) {
        return new Outcome(Optional.empty(), e.getMessage(), e.location());
      }
    }
  }
}
