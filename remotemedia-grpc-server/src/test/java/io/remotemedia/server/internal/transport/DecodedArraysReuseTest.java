package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose PCM is decoded into reused arrays ({@link RequestSampleArrays}) get the same
 * answers as in process while other calls run beside them: no call's audio reaches another's
 * answer. A real Netty server on loopback port 0, every request on the worker pool.
 */
class DecodedArraysReuseTest {
  private static final int CLIENTS = 4;
  private static final int CALLS_EACH = 40;

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
}
