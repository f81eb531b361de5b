package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A manifest with two sources run through {@code execute} on the real Netty server on
 * loopback, by a client whose streamAbove is one stream chunk: an input over it would go as a
 * stream, which takes one source only. A source with no input is refused as the unary call,
 * and the embedded runner, refuse it (INVALID_ARGUMENT, INVALID_AUDIO, naming the source),
 * whichever way the input would go.
 */
class ClientStreamedExecutionSourcesTest {
  private static final PipelineManifest TWO_SOURCES = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "a", "node_type": "Gain", "params": {"gain_db": -6}},
                 {"id": "b", "node_type": "Gain", "params": {"gain_db": 6}}]}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  /** 1,000 F32 frames: 4 kB, under streamAbove. */
  private static final int SMALL_FRAMES = 1_000;
  /** 100,000 F32 frames: 400 kB, over streamAbove (256 KiB). */
  private static final int LARGE_FRAMES = 100_000;
  private static final String NO_INPUT_FOR_B =
      "source node \"b\" has no audio input; audio_inputs given: a";

  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();

  private RemoteMediaClient client;

  @BeforeEach
  void connect() {
    client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + loopback.server().port())
        .deadline(Duration.ofSeconds(30))
        .streamAbove(RemoteMediaClient.STREAM_CHUNK_BYTES)
        .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static AudioBuffer ramp(int frames) {
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (i % 200) / 400f;
    }
    return AudioBuffer.of(MONO_48K, samples, frames);
  }

  private static ExecutionRequest request(Map<String, AudioBuffer> inputs) {
    return new ExecutionRequest(TWO_SOURCES, inputs, ExecutionLimits.UNSET);
  }

  private static void assertNoInputForB(RemoteMediaException e) {
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(e).hasMessage(NO_INPUT_FOR_B);
  }

  @Test
  void execute_oneSmallInputForTwoSources_isRefusedNamingTheSourceWithNoInput() {
    ExecutionRequest request = request(Map.of("a", ramp(SMALL_FRAMES)));
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().execute(request));

    RemoteMediaException e =
        catchThrowableOfType(RemoteMediaException.class, () -> client.execute(request));

    assertNoInputForB(e);
    assertThat(e).hasMessage(local.getMessage());
    assertThat(e.kind()).isEqualTo(local.kind());
  }

  @Test
  void execute_oneInputOverStreamAboveForTwoSources_isRefusedAsTheUnaryCallIs() {
    ExecutionRequest small = request(Map.of("a", ramp(SMALL_FRAMES)));
    RemoteMediaException unary =
        catchThrowableOfType(RemoteMediaException.class, () -> client.execute(small));
    ExecutionRequest large = request(Map.of("a", ramp(LARGE_FRAMES)));

    RemoteMediaException e =
        catchThrowableOfType(RemoteMediaException.class, () -> client.execute(large));

    assertNoInputForB(e);
    assertThat(e.code()).isEqualTo(unary.code());
    assertThat(e.kind()).isEqualTo(unary.kind());
    assertThat(e).hasMessage(unary.getMessage());
    assertThat(loopback.server().streams().openCount()).as("streams left open").isZero();
  }

  @Test
  void executeStreamed_oneInputForTwoSources_isRefusedNamingTheSourceWithNoInput() {
    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> client.executeStreamed(request(Map.of("a", ramp(SMALL_FRAMES)))));

    assertNoInputForB(e);
  }

  @Test
  void execute_twoInputsOneOverStreamAbove_runsBothSourcesAsTheEmbeddedRunnerDoes() {
    ExecutionRequest request = request(Map.of("a", ramp(LARGE_FRAMES), "b", ramp(SMALL_FRAMES)));
    ExecutionResult expected = LocalPipelineRunner.create().execute(request);

    ExecutionResult result = client.execute(request);

    assertThat(result.audioOutputs().keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(result.audio("a").frameCount()).isEqualTo(LARGE_FRAMES);
    assertThat(result.audio("b").frameCount()).isEqualTo(SMALL_FRAMES);
    assertThat(result.audio("a").samples()).isEqualTo(expected.audio("a").samples());
    assertThat(result.audio("b").samples()).isEqualTo(expected.audio("b").samples());
    // -6 dB on a, +6 dB on b: the inputs went to their own sources.
    assertThat(result.audio("a").samples()[100])
        .isCloseTo(ramp(LARGE_FRAMES).samples()[100] * 0.501f, within(1e-3f));
    assertThat(result.audio("b").samples()[100])
        .isCloseTo(ramp(SMALL_FRAMES).samples()[100] * 1.995f, within(1e-3f));
  }
}
