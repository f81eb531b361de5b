package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A small request alone in flight that finds no execution slot free on the transport thread
 * (its immediate runner returns empty) is decoded there and run on a worker, with the same
 * answer. The service on a real Netty server on loopback port 0.
 */
class InlineFallbackTest {

  private final ServiceLoopback loopback = new ServiceLoopback();
  private final List<String> tried = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    loopback.close();
  }

  @Test
  void noSlotFree_onTheTransportThread_runsOnAWorkerWithTheSameAnswer() throws Exception {
    InlineExecution inline = InlineExecution.upTo(48_000, (request, maxNodeSamples) -> {
      tried.add(Thread.currentThread().getName());
      return Optional.empty();
    }, () -> true);
    RemoteMediaClient client = loopback.start(inline);
    float[] samples = {0.5f, -1f, 0.25f, 0f};
    ExecutionRequest request =
        ExecutionRequest.of(ServiceLoopback.HALF_GAIN, "gain",
            AudioBuffer.of(AudioFormat.f32(16_000, 1), samples));

    ExecutionResult remote = client.execute(request);

    assertThat(tried).as("the transport thread tried once").singleElement()
        .satisfies(name -> assertThat(name).doesNotStartWith("test-worker-"));
    assertThat(remote.audio("gain").samples())
        .containsExactly(loopback.runner.execute(request).audio("gain").samples());
  }
}
