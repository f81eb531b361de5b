package io.remotemedia.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.FailureMessages;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Coverage-guided fuzzing of {@link ManifestParser} and of the graph compiler behind it
 * (docs/fuzzing.md). A plain {@code mvn verify} replays the committed corpus in
 * {@code ManifestParserFuzzTestInputs/}: {@code parseJson/} starts from the JSON manifests of
 * examples/ and docs/nodes/, {@code parseYaml/} from the same manifests as YAML, and both hold
 * every input that once broke the contract.
 *
 * <p>The contract, from the parser's and {@link PipelineGraph#compile}'s Javadoc: any bytes
 * either give a manifest (and a graph, or a VALIDATION failure) or a {@link PipelineException}
 * of kind VALIDATION with a location; nothing else escapes; messages do not amplify what the
 * client wrote ({@link FailureMessages}); and a small document cannot make the parser allocate
 * much.
 */
class ManifestParserFuzzTest {
  private static final NodeRegistry REGISTRY = NodeRegistry.standard();

  @FuzzTest(maxDuration = "5m")
  void parseJson(byte[] input) throws Exception {
    // As a .json file is read: held to JSON.
    parseAndCompile(input, bytes -> new ManifestParser().parseJson(
        new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "5m")
  void parseYaml(byte[] input) throws Exception {
    parseAndCompile(input, bytes -> new ManifestParser().parse(new ByteArrayInputStream(bytes)));
  }

  private static void parseAndCompile(byte[] input, Function<byte[], PipelineManifest> parse)
      throws Exception {
    AllocationBudget.of((16L << 20) + 1024L * input.length).check(() -> {
      try {
        PipelineManifest manifest = parse.apply(input);
        PipelineGraph.compile(manifest, REGISTRY);
      } catch (PipelineException e) {
        assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
        assertThat(e.location()).as("location of: %s", e.getMessage()).isPresent();
        FailureMessages.assertBounded(e);
      }
    });
  }
}
