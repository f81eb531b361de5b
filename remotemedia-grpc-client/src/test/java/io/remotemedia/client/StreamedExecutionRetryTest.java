package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Deadline;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a streamed execution are made again: opens that fail as given, counted.
 * (A drain on a real server, with a second one that takes the call, is
 * StreamedExecutionDrainRetryTest in the server module.)
 */
class StreamedExecutionRetryTest {
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(
      new ManifestParser().parse("""
          {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
          """), "gain", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[4000]));
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final AtomicInteger opens = new AtomicInteger();

  @Test
  void run_everyAttemptEndedByADrain_stopsAfterThreeAttemptsSayingSo() {
    RemoteMediaException e = runFailingWith(drained(),
        Deadline.after(60, TimeUnit.SECONDS));

    assertThat(opens).hasValue(3);
    assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
    assertThat(e).hasMessage("the server is shutting down and ended this call before it was"
        + " done: its input (over the client's streamAbove) was to go to the server as a"
        + " stream of 4 chunks, and the stream had not opened; 3 attempts in all (the SDK"
        + " makes a streamed call that a drain or a broken connection ended again, up to 3"
        + " attempts within the client's deadline): retry the call, on another replica if"
        + " there is one");
  }

  @Test
  void run_endedByADrainPastTheDeadline_isNotMadeAgain() {
    RemoteMediaException e = runFailingWith(drained(),
        Deadline.after(-1, TimeUnit.SECONDS));

    assertThat(opens).hasValue(1);
    assertThat(e).hasMessageContaining("; 1 attempt in all (");
  }

  @Test
  void run_aRetryThatPassesTheDeadline_saysADrainEndedTheAttemptBefore() {
    AtomicLong nowNanos = new AtomicLong();
    Deadline callDeadline = fiveSecondsBy(nowNanos);

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> StreamedExecution.run(REQUEST, /* chunkBytes= */ 4000, DEADLINE, callDeadline,
            stream -> {
              if (opens.incrementAndGet() == 1) {
                throw drained();
              }
              nowNanos.set(TimeUnit.SECONDS.toNanos(6));
              throw new RemoteMediaException(Status.Code.DEADLINE_EXCEEDED,
                  PipelineException.builder(ErrorKind.TIMEOUT, "deadline exceeded"));
            }));

    assertThat(opens).hasValue(2);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessage("the call did not end within its deadline of 60000 ms"
        + " (RemoteMediaClient.Builder.deadline): its input (over the client's streamAbove)"
        + " was to go to the server as a stream of 4 chunks, and the stream had not opened;"
        + " this was attempt 2, after a server's drain ended the one before; the server was"
        + " told to stop the work");
  }

  @Test
  void run_interruptedInThePauseBeforeTheNextAttempt_failsCancelledKeepingTheFlag() {
    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> StreamedExecution.run(REQUEST, /* chunkBytes= */ 4000, DEADLINE,
            Deadline.after(60, TimeUnit.SECONDS), stream -> {
              opens.incrementAndGet();
              Thread.currentThread().interrupt();
              throw drained();
            }));
    boolean interrupted = Thread.interrupted();

    assertThat(interrupted).as("the interrupt flag, kept").isTrue();
    assertThat(opens).hasValue(1);
    assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(e).hasMessageStartingWith("interrupted while pausing before attempt 2 of the"
        + " call; attempt 1 had failed: the server is shutting down and ended this call");
    assertThat(e.getCause()).isInstanceOf(RemoteMediaException.class);
  }

  @Test
  void run_resetByTheServerAsTheDeadlinePassed_failsAsTheDeadline() {
    // A server resets a stream (RST_STREAM) at the deadline sent with it, and its reset can
    // come before this client's own deadline timer fires.
    AtomicLong nowNanos = new AtomicLong();
    Deadline callDeadline = fiveSecondsBy(nowNanos);
    io.grpc.StatusRuntimeException reset = Status.CANCELLED
        .withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL")
        .asRuntimeException();

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> StreamedExecution.run(REQUEST, /* chunkBytes= */ 4000, DEADLINE, callDeadline,
            stream -> {
              opens.incrementAndGet();
              nowNanos.set(TimeUnit.SECONDS.toNanos(6));
              throw StatusTranslator.translate(reset);
            }));

    assertThat(opens).hasValue(1);
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessage("the call did not end within its deadline of 60000 ms"
        + " (RemoteMediaClient.Builder.deadline): its input (over the client's streamAbove)"
        + " was to go to the server as a stream of 4 chunks, and the stream had not opened;"
        + " the server reset the call as the deadline passed");
  }

  @Test
  void run_busyServer_isNotMadeAgain() {
    RemoteMediaException busy = new RemoteMediaException(Status.Code.RESOURCE_EXHAUSTED,
        PipelineException.builder(ErrorKind.BUSY, "all stream slots are taken"));

    RemoteMediaException e = runFailingWith(busy, Deadline.after(60, TimeUnit.SECONDS));

    assertThat(opens).hasValue(1);
    assertThat(e).isSameAs(busy);
  }

  private RemoteMediaException runFailingWith(RemoteMediaException failure,
      Deadline callDeadline) {
    return catchThrowableOfType(RemoteMediaException.class, () -> StreamedExecution.run(
        REQUEST, /* chunkBytes= */ 4000, DEADLINE, callDeadline, stream -> {
          opens.incrementAndGet();
          throw failure;
        }));
  }

  /** {@return a deadline 5 s after 0 on a clock that reads {@code nowNanos}} */
  private static Deadline fiveSecondsBy(AtomicLong nowNanos) {
    return Deadline.after(5, TimeUnit.SECONDS, new Deadline.Ticker() {
      @Override
      public long nanoTime() {
        return nowNanos.get();
      }
    });
  }

  private static RemoteMediaException drained() {
    return new RemoteMediaException(Status.Code.UNAVAILABLE, PipelineException.builder(
        ErrorKind.DRAINING, "the server has stopped; reopen the stream"));
  }
}
