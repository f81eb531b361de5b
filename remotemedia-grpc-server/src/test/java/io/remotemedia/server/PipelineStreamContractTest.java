package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link PipelineStream} contract where a user switches runners with one line: the same
 * assertions on a local stream ({@code LocalPipelineRunner}) and a remote one ({@code
 * RemoteMediaClient}, on the real Netty server on loopback).
 */
class PipelineStreamContractTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain",
                                   "params": {"gain_db": -6}}]}
      """);
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);

  @RegisterExtension
  final LoopbackServer loopback = new LoopbackServer();

  /** The two runners a user switches between. */
  enum Runner {
    LOCAL(loopback -> LocalPipelineRunner.create()),
    REMOTE(LoopbackServer::client);

    private final Function<LoopbackServer, PipelineRunner> runner;

    Runner(Function<LoopbackServer, PipelineRunner> runner) {
      this.runner = runner;
    }
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void push_afterFinish_isIllegalStateNamingTheState(Runner runner) {
    try (PipelineStream stream = open(runner)) {
      stream.push(0, chunk());
      stream.finish();

      assertThatThrownBy(() -> stream.push(1, chunk()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("stream " + stream.sessionId() + " has finished; no chunk may follow"
              + " finish(): open a new stream");
    }
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void finish_calledTwice_returnsTheSameResultAgain(Runner runner) {
    try (PipelineStream stream = open(runner)) {
      stream.push(0, chunk());
      ExecutionResult first = stream.finish();

      ExecutionResult second = stream.finish();

      assertThat(second.audioOutputs()).isEqualTo(first.audioOutputs());
      assertThat(second.metrics()).isEqualTo(first.metrics());
    }
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void push_afterAFailedPush_throwsThatFailureAgainWithItsKind(Runner runner) {
    ExecutionLimits twoSamples = new ExecutionLimits(/* timeoutMs= */ 0, /* maxMemoryBytes= */ 0,
        /* maxInputSamples= */ 2);
    try (PipelineStream stream = runner.runner.apply(loopback)
        .openStream(new OpenStreamRequest(GAIN, MONO_16K, twoSamples))) {
      PipelineException first =
          catchThrowableOfType(PipelineException.class, () -> stream.push(0, chunk()));

      PipelineException next =
          catchThrowableOfType(PipelineException.class, () -> stream.push(1, chunk()));

      assertThat(first.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
      assertThat(first).hasMessage("chunk 0 holds 4 samples, over the limit of 2"
          + " (max_input_samples)");
      assertThat(next.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
      assertThat(next).hasMessage(first.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void push_afterANonFiniteChunk_throwsThatFailureAgain(Runner runner) {
    try (PipelineStream stream = open(runner)) {
      AudioBuffer nan = AudioBuffer.of(MONO_16K, new float[] {0.5f, Float.NaN, 0f, 0f}, 4);
      PipelineException first =
          catchThrowableOfType(PipelineException.class, () -> stream.push(0, nan));

      PipelineException next =
          catchThrowableOfType(PipelineException.class, () -> stream.push(1, chunk()));

      assertThat(first.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
      assertThat(first).hasMessageContaining("sample 1 (frame 1, channel 0) is NaN");
      assertThat(next).as("the stream is over once a push has failed").isNotNull();
      assertThat(next.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
      assertThat(next).hasMessage(first.getMessage());
    }
  }

  private PipelineStream open(Runner runner) {
    return runner.runner.apply(loopback).openStream(OpenStreamRequest.of(GAIN, MONO_16K));
  }

  private static AudioBuffer chunk() {
    return AudioBuffer.of(MONO_16K, new float[] {0.5f, -0.5f, 0.25f, 0f}, 4);
  }
}
