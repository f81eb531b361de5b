package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import org.junit.jupiter.api.Test;

class FailureLocatorTest {
  private static final PipelineManifest FROM_TEXT = new ManifestParser().parse("""
      version: v1
      nodes:
        - id: g
          node_type: Gain
          params: {gain_db: 100}
      """);

  @Test
  void locate_pathOnlyFailure_takesLineAndColumnFromTheTextAndRewritesTheLeadingLocation() {
    RemoteMediaException fromServer = failure(
        "nodes[0].params.gain_db: value 100 is out of range; allowed: [-120, 60]",
        ManifestLocation.ofPath("nodes[0].params.gain_db"));

    RemoteMediaException located = FailureLocator.locate(fromServer, FROM_TEXT);

    assertThat(located.getMessage()).isEqualTo("nodes[0].params.gain_db (line 5, column 23):"
        + " value 100 is out of range; allowed: [-120, 60]");
    assertThat(located.location()).hasValue(new ManifestLocation("nodes[0].params.gain_db", 5, 23));
    assertThat(located.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(located.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(located.nodeId()).hasValue("g");
    assertThat(located.limit()).hasValue(new LimitViolation("gain_db", 60, 100));
    assertThat(located.getCause()).isSameAs(fromServer.getCause());
  }

  @Test
  void locate_messageNotLeadingWithThePath_keepsTheMessageAndAddsThePosition() {
    RemoteMediaException fromServer = failure("input of node g: Gain \"g\" cannot take 7 Hz",
        ManifestLocation.ofPath("nodes[0]"));

    RemoteMediaException located = FailureLocator.locate(fromServer, FROM_TEXT);

    assertThat(located.getMessage()).isEqualTo("input of node g: Gain \"g\" cannot take 7 Hz");
    assertThat(located.location()).hasValue(new ManifestLocation("nodes[0]", 3, 5));
  }

  @Test
  void locate_unknownParameter_placesItAtTheKeyAsALocalCompileDoes() {
    PipelineManifest text = new ManifestParser().parse("""
        version: v1
        nodes:
          - id: g
            node_type: Gain
            params: {gian_db: 100}
        """);
    PipelineException local = compileFailure(text);
    // What the server compiles: the same manifest without its text, as protobuf carries it.
    PipelineException remote = compileFailure(new PipelineManifest(
        text.version(), text.metadata(), text.nodes(), text.connections()));
    PipelineException.Builder detail =
        PipelineException.builder(remote.kind(), remote.getMessage()).context(remote.context());
    remote.location().ifPresent(detail::location);

    RemoteMediaException located = FailureLocator.locate(
        new RemoteMediaException(Status.Code.INVALID_ARGUMENT, detail), text);

    assertThat(local.location()).hasValue(
        new ManifestLocation("nodes[0].params.gian_db", 5, 14));
    assertThat(located.location()).isEqualTo(local.location());
    assertThat(located.getMessage()).isEqualTo(local.getMessage());
  }

  private static PipelineException compileFailure(PipelineManifest manifest) {
    PipelineException failure = catchThrowableOfType(PipelineException.class,
        () -> PipelineGraph.compile(manifest, NodeRegistry.standard()));
    assertThat(failure).isNotNull();
    return failure;
  }

  @Test
  void locate_nothingToAdd_returnsTheSameFailure() {
    RemoteMediaException positioned = failure("x", new ManifestLocation("nodes[0]", 3, 5));
    RemoteMediaException unlocated = failure("busy", null);
    RemoteMediaException pathOnly = failure("nodes[0].params.gain_db: too loud",
        ManifestLocation.ofPath("nodes[0].params.gain_db"));
    PipelineManifest builtInCode =
        ManifestBuilder.named("loud").node(NodeSpecs.gain("g", 100)).build();

    assertThat(FailureLocator.locate(positioned, FROM_TEXT)).isSameAs(positioned);
    assertThat(FailureLocator.locate(unlocated, FROM_TEXT)).isSameAs(unlocated);
    assertThat(FailureLocator.locate(pathOnly, builtInCode)).isSameAs(pathOnly);
  }

  private static RemoteMediaException failure(String message, ManifestLocation location) {
    PipelineException.Builder detail = PipelineException.builder(ErrorKind.VALIDATION, message)
        .nodeId("g")
        .limit(new LimitViolation("gain_db", 60, 100))
        .cause(Status.INVALID_ARGUMENT.asRuntimeException());
    if (location != null) {
      detail.location(location);
    }
    return new RemoteMediaException(Status.Code.INVALID_ARGUMENT, detail);
  }
}
