package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Deadline;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.SilentStreamService.ResumeAnswer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed execution whose server falls silent on every attempt, against an in-process
 * server that opens each stream and answers none of its chunks: the failure the caller gets
 * says that the stream went silent, for how long, and the client's limit, whether the resumes
 * were refused or the deadline passed first.
 */
class StreamedExecutionSilenceTest {
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(
      new ManifestParser().parse("""
          {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
          """), "gain", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[4000]));
  private static final String SILENCE = "the server sent nothing on this stream for ";
  private static final String LIMIT = " ms while it owed the results of 4 chunks (the client's"
      + " streamSilenceLimit is 200 ms): its connection was taken as broken, the call cancelled";

  private final AtomicInteger opens = new AtomicInteger();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void run_everyResumeAfterASilenceRefused_saysTheStreamWentSilent() throws Exception {
    service = InProcessService.serve(new SilentStreamService(0, ResumeAnswer.NOT_FOUND));

    RemoteMediaException e = run(Duration.ofSeconds(20));

    assertThat(opens).hasValue(StreamedExecution.MAX_ATTEMPTS);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("the connection to the server broke while this call"
            + " was in progress (" + SILENCE)
        .contains(LIMIT + "), and its stream could not be resumed (NOT_FOUND: no stream session"
            + " to resume for this token): its input (over the client's streamAbove) went to the"
            + " server as a stream: 4 of 4 chunks had been sent, 0 answered; 3 attempts in all");
  }

  @Test
  void run_deadlinePassingWhileResumingAfterASilence_saysTheStreamWentSilent() throws Exception {
    service = InProcessService.serve(new SilentStreamService(0, ResumeAnswer.NONE));

    // Long enough for a first open in a cold JVM on a loaded machine, and for many silences.
    RemoteMediaException e = run(Duration.ofMillis(4_000));

    assertThat(opens).hasValue(1);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).startsWith("the call did not end within its deadline of 4000 ms"
            + " (RemoteMediaClient.Builder.deadline): its input (over the client's streamAbove)"
            + " went to the server as a stream: 4 of 4 chunks had been sent, 0 answered, and"
            + " the stream was resuming after this: " + SILENCE)
        .endsWith(LIMIT + "; the server was told to stop the work");
  }

  private RemoteMediaException run(Duration deadline) {
    Deadline callDeadline = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
    StreamOptions options = new StreamOptions(4, Duration.ofSeconds(5), true,
        StreamConnectionListener.NONE, Optional.empty(), Duration.ofMillis(200), () -> { })
        .withCallDeadline(callDeadline);
    return catchThrowableOfType(RemoteMediaException.class, () -> StreamedExecution.run(
        REQUEST, /* chunkBytes= */ 4000, deadline, callDeadline, stream -> {
          opens.incrementAndGet();
          return RemoteStreamSession.open(service.channel(), stream, null, options,
              ProtocolFeature.RESUMABLE_STREAMS.version());
        }));
  }
}
