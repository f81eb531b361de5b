package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose PCM is decoded into reused arrays ({@link RequestSampleArrays}) get the same
 * answers as in process while other calls run beside them: no call's audio reaches another's
 * answer. A real Netty server on loopback port 0: every request on the worker pool, or mixed
 * sizes with two sources on concurrent branches, some answered on the transport thread and
 * some ended by their timeout mid-run.
 */
class DecodedArraysReuseTest {
  private static final int CLIENTS = 4;
  private static final int CALLS_EACH = 40;
  private static final int MIXED_CLIENTS = 3;
  private static final int MIXED_CALLS_EACH = 24;
  /** Two independent gains: with a second of audio each, they run on two threads. */
  private static final PipelineManifest TWO_SOURCES = new ManifestParser().parse("""
      version: v1
      metadata: {name: two}
      nodes:
        - {id: a, node_type: Gain, params: {gain_db: -6.0206}}
        - {id: b, node_type: Gain, params: {gain_db: 6.0206}}
      """);

  private final ServiceLoopback loopback = new ServiceLoopback();
  private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
  private final RequestSampleArrays arrays = new RequestSampleArrays(8L << 20);

  @AfterEach
  void stop() throws InterruptedException {
    clients.shutdownNow();
    loopback.close();
  }

  @Test
  void concurrentCallsOfOneSizeClass_eachGetTheirOwnAnswer() throws Exception {
    RemoteMediaClient client = loopback.start(InlineExecution.OFF, arrays);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int clientIndex = c;
      running.add(clients.submit(() -> {
        for (int call = 0; call < CALLS_EACH; call++) {
          // 41,000 to 45,000 samples: all in the class of 45,056 (11 x 4,096).
          float[] samples = new float[41_000 + (call * 997 + clientIndex * 131) % 4_000];
          for (int i = 0; i < samples.length; i++) {
            samples[i] = (clientIndex + 1) * 0.1f * ((i % 7) - 3) / 3f;
          }
          ExecutionRequest request = ExecutionRequest.of(ServiceLoopback.HALF_GAIN, "gain",
              AudioBuffer.of(AudioFormat.f32(44_100, 1), samples));
          float[] remote = client.execute(request).audio("gain").samples();
          assertThat(remote).as("client %d call %d", clientIndex, call)
              .containsExactly(loopback.runner.execute(request).audio("gain").samples());
        }
        return null;
      }));
    }
    for (Future<?> each : running) {
      each.get(60, TimeUnit.SECONDS);
    }

    assertThat(arrays.idleBytes()).as("arrays were given back to be reused")
        .isGreaterThanOrEqualTo(45_056L * Float.BYTES);
  }

  @Test
  void mixedSizesBranchesInlineAndTimeouts_eachCallGetsItsOwnAnswer() throws Exception {
    InlineExecution inline = InlineExecution.upTo(60_000,
        (request, maxNodeSamples) -> loopback.runner.tryExecute(request, maxNodeSamples),
        () -> true);
    RemoteMediaClient client = loopback.start(inline, arrays);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < MIXED_CLIENTS; c++) {
      int clientIndex = c;
      running.add(clients.submit(() -> {
        for (int call = 0; call < MIXED_CALLS_EACH; call++) {
          int frames = 16_400 + (call * 7_919 + clientIndex * 3_001) % 60_000;
          Map<String, AudioBuffer> inputs = Map.of(
              "a", signal(frames, clientIndex * 100 + call),
              "b", signal(frames + 1_000, clientIndex * 100 + call + 50));
          // Every fourth call has 1 ms to run: it ends mid-run, its arrays not given back.
          long timeoutMs = call % 4 == 3 ? 1 : 0;
          ExecutionRequest request = new ExecutionRequest(TWO_SOURCES, inputs,
              new ExecutionLimits(timeoutMs, 0, 0));
          ExecutionResult remote;
          try {
            remote = client.execute(request);
          } catch (PipelineException timedOut) {
            assertThat(timedOut.kind()).as("client %d call %d", clientIndex, call)
                .isEqualTo(ErrorKind.TIMEOUT);
            continue;
          }
          ExecutionResult local = loopback.runner.execute(new ExecutionRequest(TWO_SOURCES,
              inputs, ExecutionLimits.UNSET));
          for (String sink : List.of("a", "b")) {
            assertThat(remote.audio(sink).samples()).as("client %d call %d sink %s",
                clientIndex, call, sink).containsExactly(local.audio(sink).samples());
          }
        }
        return null;
      }));
    }
    for (Future<?> each : running) {
      each.get(120, TimeUnit.SECONDS);
    }

    assertThat(arrays.idleBytes()).as("arrays were given back to be reused").isPositive();
  }

  /** A signal of its own per {@code seed}: no two calls' samples are alike. */
  private static AudioBuffer signal(int frames, int seed) {
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) Math.sin((i + 1) * (seed + 1) * 0.001) * 0.4f;
    }
    return AudioBuffer.of(AudioFormat.f32(16_000, 1), samples);
  }
}
