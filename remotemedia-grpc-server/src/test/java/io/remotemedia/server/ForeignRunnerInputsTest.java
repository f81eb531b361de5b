package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A runner that is not the server's own may keep the requests it is handed, as {@link
 * AudioBuffer}'s ownership rule lets it (to record them, say): a later call's audio is not
 * decoded into the arrays of a request such a runner still holds. A real Netty server on
 * loopback port 0.
 */
class ForeignRunnerInputsTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse(
      "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\"}]}");
  /** Above the 16,384 samples from which a server may reuse its requests' arrays. */
  private static final int FRAMES = 40_000;

  private final List<AudioBuffer> kept = new CopyOnWriteArrayList<>();
  @RegisterExtension
  final LoopbackServer server = new LoopbackServer(
      new ForwardingPipelineRunner(LocalPipelineRunner.create()) {
        @Override
        public ExecutionResult execute(ExecutionRequest request) {
          kept.add(request.inputs().get("g"));
          return super.execute(request);
        }
      });

  @Test
  void execute_runnerKeepsTheRequest_laterCallsOfTheSameSizeLeaveItsAudioUnchanged() {
    server.client().execute(ExecutionRequest.of(GAIN, "g", constant(0.25f)));
    server.client().execute(ExecutionRequest.of(GAIN, "g", constant(-0.5f)));
    server.client().execute(ExecutionRequest.of(GAIN, "g", constant(0.75f)));

    assertThat(kept).hasSize(3);
    assertThat(samplesOf(kept.get(0))).as("the first call's input, as its runner kept it")
        .containsOnly(0.25f);
    assertThat(samplesOf(kept.get(1))).as("the second call's input").containsOnly(-0.5f);
  }

  private static AudioBuffer constant(float value) {
    float[] samples = new float[FRAMES];
    Arrays.fill(samples, value);
    return AudioBuffer.of(AudioFormat.f32(16_000, 1), samples);
  }

  private static float[] samplesOf(AudioBuffer audio) {
    return Arrays.copyOf(audio.samples(), audio.sampleCount());
  }
}
