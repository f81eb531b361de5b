package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Deadline;
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamedProgressTest {
  private static RemoteMediaException draining() {
    return new RemoteMediaException(Status.Code.UNAVAILABLE,
        PipelineException.builder(ErrorKind.DRAINING, "the server is shutting down"));
  }

  @Test
  void anAttemptMadeAgainThatADrainRefusedUnopened_keepsWhatTheCutAttemptHadDone() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    progress.opened();
    progress.sent();
    progress.sent();
    progress.answered();
    progress.explain(draining(), 300);
    progress.restart();

    RemoteMediaException second = progress.explain(draining(), -1);

    assertThat(second.getMessage()).startsWith("the server is shutting down and ended this call"
            + " before it was done (its grace period of 300 ms ran out): its input (over the"
            + " client's streamAbove) went to the server as a stream: 2 of 8 chunks had been"
            + " sent, 1 answered; 2 attempts in all")
        .doesNotContain("had not opened");
  }

  @Test
  void anAttemptMadeAgainThatADrainCutAfterItOpened_tellsItsOwnProgress() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    progress.opened();
    progress.sent();
    progress.explain(draining(), 300);
    progress.restart();
    progress.opened();
    progress.sent();
    progress.sent();
    progress.sent();

    RemoteMediaException second = progress.explain(draining(), 500);

    assertThat(second.getMessage()).contains("(its grace period of 500 ms ran out)")
        .contains("3 of 8 chunks had been sent, 0 answered; 2 attempts in all");
  }
}
