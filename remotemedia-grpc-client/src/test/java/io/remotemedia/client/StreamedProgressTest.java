package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamedProgressTest {
  /** The break of a stream that fell silent, as the SDK tells it. */
  private static final String SILENCE = "the server sent nothing on this stream for 10003 ms"
      + " while it owed the results of 4 chunks (the client's streamSilenceLimit is 10000 ms):"
      + " its connection was taken as broken, the call cancelled";

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

  private static StreamedProgress answeredThreeOfEight() {
    return answered(3, 8);
  }

  /** {@return an open attempt of {@code chunkCount} chunks, {@code count} sent and answered} */
  private static StreamedProgress answered(int count, long chunkCount) {
    StreamedProgress progress = new StreamedProgress(chunkCount, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    progress.opened();
    for (int i = 0; i < count; i++) {
      progress.sent();
      progress.answered();
    }
    return progress;
  }

  @Test
  void leaveDrainingServer_whenTheChunksLeftFitInTheGrace_goesOn() {
    StreamedProgress progress = answeredThreeOfEight();

    long anHourLeft = System.nanoTime() + TimeUnit.HOURS.toNanos(1);

    assertThat(progress.leaveDrainingServer(anHourLeft, 3)).isEmpty();
  }

  /**
   * The first answer waits for the stream's start and the first chunk's trip (a cold server,
   * a long round trip); the chunks after it come at the pace the later ones will. Counted
   * into the pace, that wait had a call left whose rest fitted in the grace period.
   */
  @Test
  void leaveDrainingServer_afterASlowFirstAnswer_goesOnAtThePaceOfTheLaterOnes()
      throws InterruptedException {
    StreamedProgress progress = new StreamedProgress(4, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    progress.opened();
    progress.sent();
    progress.sent();
    Thread.sleep(500);
    progress.answered();
    progress.answered();

    long graceEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);

    assertThat(progress.leaveDrainingServer(graceEnds, 3))
        .as("2 chunks left, at the pace of the second answer after the first").isEmpty();
  }

  @Test
  void leaveDrainingServer_whenTheGraceEndsFirst_endsTheAttemptAsADrainSaysWhy() {
    StreamedProgress progress = answeredThreeOfEight();

    RemoteMediaException leave =
        progress.leaveDrainingServer(System.nanoTime() - 1, 3).orElseThrow();

    assertThat(leave.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(leave.kind()).isEqualTo(ErrorKind.DRAINING);
    RemoteMediaException told = progress.explain(leave, 4000);
    assertThat(progress.endedByDrain()).isTrue();
    assertThat(told.getMessage()).startsWith("the server is shutting down, and the SDK left this"
            + " call 0 ms before its grace period would end it: the 5 chunks not yet answered"
            + " would take about ")
        .contains(" ms at the call's pace: its input (over the client's streamAbove) went to the"
            + " server as a stream: 3 of 8 chunks had been sent, 3 answered; 1 attempt in all")
        .doesNotContain("ran out");
  }

  @Test
  void leaveDrainingServer_beforeAnyAnswer_orOnTheLastAttempt_goesOn() {
    StreamedProgress unanswered = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    unanswered.opened();
    unanswered.sent();
    StreamedProgress last = answeredThreeOfEight();

    long graceOver = System.nanoTime() - 1;

    assertThat(unanswered.leaveDrainingServer(graceOver, 3)).as("no pace known yet").isEmpty();
    assertThat(last.leaveDrainingServer(graceOver, 1)).as("no attempt may follow").isEmpty();
  }

  /**
   * Every chunk answered, only the session's close left: the stream may still finish there,
   * and a new attempt would send the whole input again, so the grace period having passed on
   * this side's clock is no reason to leave.
   */
  @Test
  void leaveDrainingServer_withEveryChunkAnswered_goesOnToTheClose() {
    StreamedProgress progress = answered(2, 2);

    long graceOverAnHourAgo = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

    assertThat(progress.leaveDrainingServer(graceOverAnHourAgo, 3)).isEmpty();
  }

  @Test
  void leaveDrainingServer_pastTheCallsDeadline_goesOn() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(-1, TimeUnit.SECONDS));
    progress.opened();
    progress.sent();
    progress.answered();

    assertThat(progress.leaveDrainingServer(System.nanoTime() - 1, 3)).isEmpty();
  }

  private static RemoteMediaException brokenConnection() {
    // As the session throws it: its own failure again, around the one grpc-java's status gave.
    io.grpc.StatusRuntimeException cut = Status.UNAVAILABLE
        .withDescription("Network closed for unknown reason").asRuntimeException();
    RemoteMediaException original = StatusTranslator.translate(cut);
    return new RemoteMediaException(original.code(),
        PipelineException.builder(original.kind(), original.getMessage()).cause(original));
  }

  @Test
  void explain_aDeadlineUnderOneMillisecondThatPassed_saysItRatherThanZero() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofNanos(400_000),
        Deadline.after(-1, TimeUnit.SECONDS));
    progress.opened();

    RemoteMediaException e = progress.explain(new RemoteMediaException(
        Status.Code.DEADLINE_EXCEEDED, PipelineException.builder(ErrorKind.TIMEOUT,
            "the stream did not end within its deadline; it was cancelled")), -1);

    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessageStartingWith("the call did not end within its deadline of 0.4 ms"
        + " (RemoteMediaClient.Builder.deadline): ");
  }

  @Test
  void explain_aConnectionThatBrokeWhileTheStreamWasOpen_isMadeAgainAndSaysSo() {
    StreamedProgress progress = answeredThreeOfEight();

    RemoteMediaException told = progress.explain(brokenConnection(), -1);

    assertThat(progress.endedByDrain()).as("may be made again").isTrue();
    assertThat(told.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(told.getMessage()).startsWith("the connection to the server broke while this call"
            + " was in progress (UNAVAILABLE: Network closed for unknown reason")
        .contains("): its input (over the client's streamAbove) went to the server as a stream:"
            + " 3 of 8 chunks had been sent, 3 answered; 1 attempt in all (the SDK makes a"
            + " streamed call that a drain or a broken connection ended again");
  }

  /**
   * NOT_FOUND, which a resumable stream gets when the server its resume reached has no such
   * session (another replica, once this one went away), is a broken connection too.
   */
  @Test
  void explain_aStreamNoServerCouldResume_isMadeAgainAsABrokenConnection() {
    StreamedProgress progress = answeredThreeOfEight();
    RemoteMediaException notFound = new RemoteMediaException(Status.Code.NOT_FOUND,
        PipelineException.builder(ErrorKind.NOT_FOUND, "no stream session to resume for this"
            + " token; open a new stream"));

    RemoteMediaException told = progress.explain(notFound, -1);

    assertThat(progress.endedByDrain()).as("may be made again").isTrue();
    assertThat(told.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(told.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(told.getMessage()).startsWith("the connection to the server broke while this call"
            + " was in progress, and its stream could not be resumed (no stream session to"
            + " resume for this token; open a new stream): its input (over the client's"
            + " streamAbove) went to the server as a stream: 3 of 8 chunks had been sent, 3"
            + " answered; 1 attempt in all");
  }

  /**
   * A session whose resume window passed tells the break it was resuming from itself, and
   * has it as its cause: the break is not told again.
   */
  @Test
  void explain_aResumeWindowThatPassedAfterABreak_tellsTheBreakOnce() {
    StreamedProgress progress = answeredThreeOfEight();
    RemoteMediaException broke = StatusTranslator.translate(Status.UNAVAILABLE
        .withDescription("Network closed for unknown reason").asRuntimeException());
    RemoteMediaException windowPassed = new RemoteMediaException(broke.code(),
        PipelineException.builder(ErrorKind.UNAVAILABLE, "the connection broke and the stream"
            + " was not resumed within the server's resume window of 30000 ms: "
            + broke.getMessage()).cause(broke));

    RemoteMediaException told = progress.explain(windowPassed, -1, Optional.of(broke));

    assertThat(told.getMessage()).startsWith("the connection to the server broke while this call"
            + " was in progress (the connection broke and the stream was not resumed within the"
            + " server's resume window of 30000 ms: UNAVAILABLE: Network closed for unknown"
            + " reason")
        .containsOnlyOnce("Network closed for unknown reason");
  }

  /**
   * A later attempt whose resume window passed after a silence, once an earlier one was ended
   * by a drain: the failure it is told with is bounded in two parts, the window's words and
   * the silence's, so that the silence and its limit are not cut off.
   */
  @Test
  void explain_noServerAnsweredAfterASilence_keepsTheSilenceAndItsLimit() {
    RemoteMediaException told = noServerAnsweredAfterASilence(
        "the connection broke and the stream was not resumed within the server's resume window"
            + " of 10000 ms");

    assertThat(told.kind()).isEqualTo(ErrorKind.DRAINING);
    assertThat(toldCause(told)).isEqualTo("the connection broke and the stream was not resumed"
        + " within the server's resume window of 10000 ms: " + SILENCE);
  }

  /** Words before the silence that are too long are cut, and the silence is still told. */
  @Test
  void explain_noServerAnsweredAfterASilence_cutsLongWordsBeforeTheSilence() {
    RemoteMediaException told = noServerAnsweredAfterASilence("x".repeat(500));

    assertThat(toldCause(told)).isEqualTo("x".repeat(200) + "...: " + SILENCE);
  }

  /**
   * {@return the failure told after a drain ended the first attempt, and the second failed
   * with {@code words} and the silence it failed after}
   */
  private static RemoteMediaException noServerAnsweredAfterASilence(String words) {
    StreamedProgress progress = answeredThreeOfEight();
    progress.explain(draining(), 300);
    progress.restart();
    progress.opened();
    RemoteMediaException silence = new RemoteMediaException(Status.Code.UNAVAILABLE,
        PipelineException.builder(ErrorKind.UNAVAILABLE, SILENCE));
    RemoteMediaException failure = new RemoteMediaException(silence.code(),
        PipelineException.builder(ErrorKind.UNAVAILABLE, words + ": " + SILENCE)
            .cause(silence));
    return progress.explain(failure, -1, Optional.of(silence));
  }

  /** {@return what {@code told} says the last attempt failed with} */
  private static String toldCause(RemoteMediaException told) {
    String start = "until no server answered (";
    String end = "): retry the call once a replica runs";
    String message = told.getMessage();
    assertThat(message).contains(start).contains(end);
    return message.substring(message.indexOf(start) + start.length(), message.indexOf(end));
  }

  /**
   * The replica was killed after the stream's open had gone out and before its {@code ready}
   * came back (KillReplicaDuringLongExecuteIT failed so once in six runs): as cut as an open
   * stream.
   */
  @Test
  void explain_aConnectionThatBrokeBeforeTheStreamOpened_isMadeAgain() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));

    RemoteMediaException told = progress.explain(brokenConnection(), -1);

    assertThat(progress.endedByDrain()).as("may be made again").isTrue();
    assertThat(told.getMessage()).startsWith("the connection to the server broke while this call"
            + " was in progress (UNAVAILABLE: Network closed for unknown reason")
        .contains("): its input (over the client's streamAbove) was to go to the server as a"
            + " stream of 8 chunks, and the stream had not opened; 1 attempt in all");
  }

  /** No connection could be made: the channel's policy has tried every replica already. */
  @Test
  void explain_aStreamThatCouldNotConnect_isNotMadeAgain() {
    StreamedProgress progress = new StreamedProgress(8, Duration.ofSeconds(20),
        Deadline.after(20, TimeUnit.SECONDS));
    StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException();
    RemoteMediaException failure = StatusTranslator.translate(refused);

    RemoteMediaException told = progress.explain(failure, -1);

    assertThat(progress.endedByDrain()).isFalse();
    assertThat(told).isSameAs(failure);
  }
}
