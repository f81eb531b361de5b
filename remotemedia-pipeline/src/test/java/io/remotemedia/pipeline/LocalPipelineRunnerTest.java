package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalPipelineRunnerTest {
  private static final PipelineManifest CHAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: chain}
      nodes:
        - {id: up, node_type: Gain, params: {gain_db: 20}}
        - {id: down, node_type: Gain, params: {gain_db: -6.020599913279624}}
        - {id: side, node_type: Gain, params: {gain_db: -20}}
      connections:
        - {from: up, to: down}
        - {from: up, to: side}
      """);

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();

  private static AudioBuffer mono(float... samples) {
    return AudioBuffer.of(AudioFormat.f32(16000, 1), samples);
  }

  @Test
  void execute_chainWithFanOut_returnsEverySinkComputedThroughItsPath() {
    ExecutionResult result = runner.execute(ExecutionRequest.of(CHAIN, "up",
        mono(0.01f, -0.02f, 0.05f)));

    assertThat(result.audioOutputs()).containsOnlyKeys("down", "side");
    // x10, then halved.
    assertThat(result.audio("down").samples()[0]).isCloseTo(0.05f, within(1e-6f));
    assertThat(result.audio("down").samples()[2]).isCloseTo(0.25f, within(1e-6f));
    // x10, then /10.
    assertThat(result.audio("side").samples()[1]).isCloseTo(-0.02f, within(1e-6f));
    assertThat(result.metrics().nodes()).extracting(NodeMetrics::nodeId)
        .containsExactly("up", "down", "side");
    assertThat(result.metrics().cpuMs()).isGreaterThanOrEqualTo(0);
    assertThat(result.metrics().allocatedBytes()).isPositive();
  }

  @Test
  void execute_longInputAcrossManyChunks_processesEveryFrame() {
    int frames = 3 * 8192 + 17;
    float[] samples = new float[frames * 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (i % 200) / 1000f;
    }
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(48000, 2), samples);

    AudioBuffer out = runner.execute(ExecutionRequest.of(CHAIN, "up", input)).audio("side");

    assertThat(out.frameCount()).isEqualTo(frames);
    for (int i = 0; i < samples.length; i += 997) {
      assertThat(out.samples()[i]).isCloseTo(samples[i], within(1e-6f));
    }
  }

  @Test
  void execute_emptyInput_returnsEmptyOutputs() {
    ExecutionResult result = runner.execute(ExecutionRequest.of(CHAIN, "up", mono()));

    assertThat(result.audio("down").frameCount()).isZero();
  }

  @Test
  void execute_nanSample_isInvalidAudioNamingItsPosition() {
    AudioBuffer stereo = AudioBuffer.of(AudioFormat.f32(8000, 2),
        new float[] {0f, 0f, 0.1f, Float.NaN});

    assertThatThrownBy(() -> runner.execute(ExecutionRequest.of(CHAIN, "up", stereo)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("audio input \"up\": sample 3 (frame 1, channel 1) is NaN;"
            + " samples must be finite");
  }

  @Test
  void execute_inputForANonSource_isRejected() {
    assertThatThrownBy(() -> runner.execute(new ExecutionRequest(CHAIN,
            Map.of("up", mono(0f), "down", mono(0f)), ExecutionLimits.UNSET)))
        .hasMessage("audio_inputs[\"down\"] names a node that is not a source (a connection"
            + " enters it); sources: up");
    assertThatThrownBy(() -> runner.execute(new ExecutionRequest(CHAIN, Map.of(),
            ExecutionLimits.UNSET)))
        .hasMessage("source node \"up\" has no audio input; audio_inputs given: none");
  }

  @Test
  void execute_overMaxInputSamples_isResourceLimitWithLimitAndActual() {
    ExecutionRequest request = new ExecutionRequest(CHAIN, Map.of("up", mono(new float[100])),
        new ExecutionLimits(0, 0, 99));

    assertThatThrownBy(() -> runner.execute(request))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).contains(new LimitViolation("max_input_samples", 99, 100));
        })
        .hasMessage("the inputs hold 100 samples, over the limit of 99 (max_input_samples)");
  }

  @Test
  void execute_requestAskingMoreThanTheMaximum_isCappedByTheRunner() {
    LocalPipelineRunner strict = LocalPipelineRunner.create(runner.registry(),
        ExecutionLimits.DEFAULTS, new ExecutionLimits(1000, 1 << 20, 50));
    ExecutionRequest request = new ExecutionRequest(CHAIN, Map.of("up", mono(new float[60])),
        new ExecutionLimits(0, 0, 1_000_000));

    assertThat(strict.effectiveLimits(request.limits()))
        .isEqualTo(new ExecutionLimits(1000, 1 << 20, 50));
    assertThatThrownBy(() -> strict.execute(request))
        .hasMessageContaining("over the limit of 50 (max_input_samples)");
  }

  @Test
  void execute_overMemoryBudget_isResourceLimitBeforeAllocating() {
    ExecutionRequest request = new ExecutionRequest(CHAIN,
        Map.of("up", mono(new float[10_000])), new ExecutionLimits(0, 50_000, 0));

    assertThatThrownBy(() -> runner.execute(request))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).hasValueSatisfying(limit -> {
            assertThat(limit.limit()).isEqualTo("max_memory_bytes");
            assertThat(limit.actualValue()).isGreaterThan(50_000);
          });
        });
  }

  @Test
  void execute_onAnInterruptedThread_isCancelled() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        runner.execute(ExecutionRequest.of(CHAIN, "up", mono(new float[100])));
      } catch (PipelineException e) {
        failure.set(e);
      }
    });
    worker.start();
    worker.join();

    assertThat(failure.get()).isInstanceOfSatisfying(PipelineException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(e.nodeId()).contains("up");
    });
  }

  @Test
  void execute_concurrentRuns_areIndependent() throws ExecutionException, InterruptedException {
    CompletableFuture<ExecutionResult> a = CompletableFuture.supplyAsync(() ->
        runner.execute(ExecutionRequest.of(CHAIN, "up", mono(new float[] {0.01f}))));
    CompletableFuture<ExecutionResult> b = CompletableFuture.supplyAsync(() ->
        runner.execute(ExecutionRequest.of(CHAIN, "up", mono(new float[] {0.02f}))));

    assertThat(a.get().audio("side").samples()[0]).isCloseTo(0.01f, within(1e-6f));
    assertThat(b.get().audio("side").samples()[0]).isCloseTo(0.02f, within(1e-6f));
  }

  @Test
  void nodeTypes_listsGainWithItsParameter() {
    assertThat(runner.nodeTypes()).anySatisfy(type -> {
      assertThat(type.nodeType()).isEqualTo("Gain");
      assertThat(type.parameters()).containsExactly(new NodeTypeDescription.ParameterDescription(
          "gain_db", "number", "0", "[-120, 60]",
          "Level change in dB; 0 leaves the audio unchanged, -6.02 halves it."));
    });
  }
}
