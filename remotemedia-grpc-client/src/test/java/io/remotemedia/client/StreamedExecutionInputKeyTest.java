package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Deadline;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A streamed execution (one input over the client's streamAbove) whose input is keyed by
 * something other than the source is refused as a unary call, and the embedded runner, refuse
 * it (VALIDATION, the key cut, the sources), before any stream opens: it went to the source
 * whatever its key said, where the same request below streamAbove is refused.
 */
class StreamedExecutionInputKeyTest {
  private static final PipelineManifest CHAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "in", "node_type": "Gain"}, {"id": "out", "node_type": "Gain"}],
       "connections": [{"from": "in", "to": "out"}]}
      """);

  private final AtomicInteger opens = new AtomicInteger();

  private RemoteMediaException streamed(ExecutionRequest request) {
    return catchThrowableOfType(RemoteMediaException.class,
        () -> StreamedExecution.run(request, /* chunkBytes= */ 4000, Duration.ofSeconds(60),
            Deadline.after(60, TimeUnit.SECONDS), stream -> {
              opens.incrementAndGet();
              throw new AssertionError("a stream opened for " + request.inputs().keySet());
            }));
  }

  private static ExecutionRequest keyed(String key) {
    return new ExecutionRequest(CHAIN,
        Map.of(key, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[4000])),
        ExecutionLimits.UNSET);
  }

  @Test
  void run_inputForANodeThatIsNotTheSource_isRefusedAsTheEmbeddedRunnerRefusesIt() {
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().execute(keyed("out")));

    RemoteMediaException e = streamed(keyed("out"));

    assertThat(opens).hasValue(0);
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e).hasMessage("audio_inputs[\"out\"] names a node that is not a source"
        + " (a connection enters it); sources: in");
    assertThat(e).hasMessage(local.getMessage());
  }

  @Test
  void run_inputForNoNode_isRefusedNamingTheKeyCut() {
    RemoteMediaException e = streamed(keyed("y".repeat(100)));

    assertThat(opens).hasValue(0);
    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e).hasMessage("audio_inputs[\"" + "y".repeat(64)
        + "…(100 characters)\"] names no node of the manifest; sources: in");
  }

  @Test
  void run_manifestWithASourceTheInputIsNotFor_isRefusedAsTheEmbeddedRunnerRefusesIt() {
    PipelineManifest twoSources = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "a", "node_type": "Gain"}, {"id": "b", "node_type": "Gain"}]}
        """);
    ExecutionRequest request = new ExecutionRequest(twoSources,
        Map.of("a", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[4000])),
        ExecutionLimits.UNSET);
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().execute(request));

    RemoteMediaException e = streamed(request);

    assertThat(opens).hasValue(0);
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(e).hasMessage("source node \"b\" has no audio input; audio_inputs given: a");
    assertThat(e).hasMessage(local.getMessage());
  }
}
