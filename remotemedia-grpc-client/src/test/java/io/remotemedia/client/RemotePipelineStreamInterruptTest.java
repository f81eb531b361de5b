package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thread interrupted while the synchronous remote stream waits for the server, against a
 * {@link StalledStreamService} in process.
 */
class RemotePipelineStreamInterruptTest {
  private final StalledStreamService server = new StalledStreamService();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void push_interruptedWhileWaiting_cancelsTheStreamSoNoLaterPushGetsItsResult()
      throws Exception {
    PipelineStream stream = open();

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> stream.push(0, chunk()))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED));
    assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();

    // Chunk 0's result is on its way: a push that went on would be handed it as chunk 1's.
    assertThatThrownBy(() -> stream.push(1, chunk()))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessage("the stream was cancelled by the client");
    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
  }

  @Test
  void finish_interruptedWhileTheServerFlushes_cancelsTheStreamAndThrowsCancelled()
      throws Exception {
    PipelineStream stream = open();

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Thread.currentThread().interrupt();
      assertThatThrownBy(stream::finish)
          .isInstanceOfSatisfying(RemoteMediaException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED))
          .hasMessage("interrupted while waiting on the stream");
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    });
    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
  }

  private PipelineStream open() throws Exception {
    service = InProcessService.serve(server);
    return new RemotePipelineStream(StalledStreamService.open(service.channel()));
  }

  private static AudioBuffer chunk() {
    return AudioBuffer.of(StalledStreamService.FORMAT, new float[80]);
  }
}
