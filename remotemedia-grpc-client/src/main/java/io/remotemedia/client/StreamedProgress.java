package io.remotemedia.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How far a streamed execution ({@link StreamedExecution}) got: chunks sent and answered, out
 * of how many. Its failures are told as the failures of the call the user made, {@code
 * execute}, not of a stream the user never opened: the server's words for a stream ("reopen
 * the stream") are kept in the cause. Not thread-safe: the executing thread owns it.
 */
final class StreamedProgress {
  private final long chunkCount;
  private final Duration deadline;
  private final Deadline callDeadline;
  private boolean opened;
  /** When this attempt's first chunk was answered, by {@link System#nanoTime()}. */
  private long firstAnsweredAtNanos;
  private long sent;
  private long answered;
  private int attempts = 1;
  /**
   * That a drain or a broken connection ended the last attempt, and how far it had got, once
   * one did.
   */
  private String drained;
  /** The kind of that ending: DRAINING, or the broken connection's own. */
  private ErrorKind drainedKind;
  /** Whether the server's drain, or a broken connection, ended this attempt. */
  private boolean endedByDrain;
  /** Why the SDK left this attempt's draining server early, once it did; else null. */
  private String leftDrainingServer;

  /**
   * @param chunkCount how many chunks the input goes out in
   * @param deadline the client's deadline, as the user configured it
   * @param callDeadline when that deadline passes for this execution
   */
  StreamedProgress(long chunkCount, Duration deadline, Deadline callDeadline) {
    this.chunkCount = chunkCount;
    this.deadline = deadline;
    this.callDeadline = callDeadline;
  }

  /** {@return how many attempts the call has made, this one included} */
  int attempts() {
    return attempts;
  }

  /**
   * {@return whether the failure {@link #explain} was last told is the server's drain, or a
   * connection that broke while the stream was open: the call may be made again}
   */
  boolean endedByDrain() {
    return endedByDrain;
  }

  /**
   * Starts the next attempt, after a drain or a broken connection ended this one (as {@link
   * #explain} was told).
   */
  void restart() {
    attempts++;
    endedByDrain = false;
    leftDrainingServer = null;
    opened = false;
    sent = 0;
    answered = 0;
  }

  void opened() {
    opened = true;
  }

  void sent() {
    sent++;
  }

  void answered() {
    if (answered == 0) {
      firstAnsweredAtNanos = System.nanoTime();
    }
    answered++;
  }

  /** {@return how many chunks have gone out and not been answered} */
  long inFlight() {
    return sent - answered;
  }

  /**
   * Decides whether to leave a stream whose server is draining now, so that the call is made
   * again on another replica at once rather than once the grace period has ended it there:
   * when another attempt may follow, at least two chunks have been answered on this one (the
   * pace is known), and the chunks not yet answered would take longer at this attempt's pace
   * so far than what is left of the grace period. The pace runs from the first answer: the
   * wait for that one (the stream's start, the chunk's trip there and back) does not recur
   * for the later chunks, which are sent ahead. With every chunk answered it goes on: only
   * the close is left, which may still end there, and another attempt would send it all again.
   *
   * @param graceEndsAtNanos when the server's grace period ends, by {@link System#nanoTime()}
   * @param maxAttempts how many attempts the call may make in all
   * @return the failure that ends this attempt as a drain would, or empty to go on
   */
  Optional<RemoteMediaException> leaveDrainingServer(long graceEndsAtNanos, int maxAttempts) {
    if (answered < 2 || answered >= chunkCount || attempts >= maxAttempts
        || callDeadline.isExpired()) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    long nanosPerChunk = (now - firstAnsweredAtNanos) / (answered - 1);
    long left = chunkCount - answered;
    long graceLeftNanos = graceEndsAtNanos - now;
    if (left <= graceLeftNanos / Math.max(1, nanosPerChunk)) {
      return Optional.empty();
    }
    leftDrainingServer = "the server is shutting down, and the SDK left this call "
        + Math.max(0, TimeUnit.NANOSECONDS.toMillis(graceLeftNanos)) + " ms before its grace"
        + " period would end it: the " + left + " chunks not yet answered would take about "
        + Math.round((double) left * nanosPerChunk / 1e6) + " ms at the call's pace";
    return Optional.of(new RemoteMediaException(Status.Code.UNAVAILABLE,
        PipelineException.builder(ErrorKind.DRAINING, leftDrainingServer)));
  }

  /**
   * {@return {@code failure} told as the failure of the execution: a drain, or the client's
   * deadline passing, names the call, how far it got and what to do; any other failure as it
   * is}
   *
   * @param failure how the stream failed
   * @param drainingDeadlineMs the grace period the server's {@code draining} gave, or -1
   */
  RemoteMediaException explain(RemoteMediaException failure, long drainingDeadlineMs) {
    return explain(failure, drainingDeadlineMs, Optional.empty());
  }

  /**
   * {@return {@code failure} told as {@link #explain(RemoteMediaException, long)} tells it,
   * with the break its stream was resuming from when it failed, if it was resuming: a stream
   * that the SDK took as broken because the server fell silent says so, how long, and the
   * limit}
   *
   * @param resumingAfter the break the stream was resuming from when it failed, if it was
   */
  RemoteMediaException explain(RemoteMediaException failure, long drainingDeadlineMs,
      Optional<RemoteMediaException> resumingAfter) {
    // A session whose resume window passed tells the break itself, and has it as its cause.
    // One that failed otherwise while resuming tells it after its own words, and has those as
    // its cause (StreamConnection): here the break is told once, in full.
    Optional<RemoteMediaException> untoldBreak =
        resumingAfter.filter(outage -> failure.getCause() != outage);
    RemoteMediaException own = untoldBreak.isPresent()
        && failure.getCause() instanceof RemoteMediaException answer ? answer : failure;
    String resuming = untoldBreak.map(
        outage -> ", and the stream was resuming after this: " + outage.getMessage()).orElse("");
    // A server resets a call (RST_STREAM) at the deadline sent with it, and its reset can come
    // before this client's own deadline timer fires: no connection broke.
    boolean resetAtDeadline = failure.code() == Status.Code.CANCELLED
        && transportCause(failure) instanceof StatusRuntimeException reset
        && CutCallRetry.isCut(reset);
    if ((failure.code() == Status.Code.DEADLINE_EXCEEDED || resetAtDeadline)
        && callDeadline.isExpired()) {
      // Not a time limit of the server's own (timeout_ms), which it explains itself.
      return new RemoteMediaException(Status.Code.DEADLINE_EXCEEDED, PipelineException.builder(
          ErrorKind.TIMEOUT, "the call did not end within its deadline of "
              + MillisText.of(deadline) + " (RemoteMediaClient.Builder.deadline): " + describe()
              + resuming
              + (attempts > 1 ? "; this was attempt " + attempts + ", after "
                  + (drainedKind == ErrorKind.DRAINING ? "a server's drain" : "a broken"
                      + " connection") + " ended the one before" : "")
              + (resetAtDeadline ? "; the server reset the call as the deadline passed"
                  : "; the server was told to stop the work"))
          .cause(failure));
    }
    // A resumable stream resumes after a broken connection; NOT_FOUND, which only a resume
    // gets, means the server that answered it (another replica, if this one went away) had no
    // such session. The call is in the same state as one whose stream the transport broke.
    boolean notResumed = opened && failure.kind() == ErrorKind.NOT_FOUND;
    if (notResumed || transportCause(failure) instanceof StatusRuntimeException cause
        && CutCallRetry.isCut(cause)) {
      // The transport broke the stream, open or opening (a replica killed, a connection
      // lost): nothing has reached the caller and the whole input is here, as for a unary
      // call it cut. One that could not connect at all is no cut: the channel's policy has
      // already tried every replica.
      endedByDrain = true;
      drained = "the connection to the server broke while this call was in progress"
          + untoldBreak.map(outage -> " (" + outage.getMessage() + ")").orElse("")
          + (notResumed ? ", and its stream could not be resumed (" : " (")
          + StatusTranslator.clip(own.getMessage()) + "): " + describe();
      drainedKind = notResumed ? ErrorKind.UNAVAILABLE : failure.kind();
      Status.Code code = notResumed ? Status.Code.UNAVAILABLE : failure.code();
      return new RemoteMediaException(code, PipelineException.builder(drainedKind,
          drained + "; " + CutCallRetry.attemptsText(attempts) + " in all (the SDK makes a"
              + " streamed call that a drain or a broken connection ended again, up to "
              + StreamedExecution.MAX_ATTEMPTS + " attempts within the client's deadline):"
              + " retry the call, on another replica if there is one")
          .cause(failure));
    }
    if (failure.kind() == ErrorKind.UNAVAILABLE && drained != null) {
      // The replica that was left was the last one: why is what the caller acts on.
      return new RemoteMediaException(failure.code(), PipelineException.builder(
          drainedKind, drained + "; the SDK made it again, "
              + CutCallRetry.attemptsText(attempts) + " in all, until no server answered ("
              + clipped(failure) + "): retry the call once a"
              + " replica runs, or give the client more replicas")
          .cause(failure));
    }
    if (failure.kind() != ErrorKind.DRAINING) {
      return failure;
    }
    String grace = drainingDeadlineMs < 0 ? ""
        : " (its grace period of " + drainingDeadlineMs + " ms ran out)";
    endedByDrain = true;
    drainedKind = ErrorKind.DRAINING;
    // An attempt made again that a drain refused before its stream opened says less than an
    // earlier one the drain cut short: the earlier one is what the caller lost.
    if (leftDrainingServer != null) {
      drained = leftDrainingServer + ": " + describe();
    } else if (drained == null || opened) {
      drained = "the server is shutting down and ended this call before it was done" + grace
          + ": " + describe();
    }
    return new RemoteMediaException(failure.code(), PipelineException.builder(
        ErrorKind.DRAINING, drained + "; " + CutCallRetry.attemptsText(attempts) + " in all"
            + " (the SDK makes a streamed call that a drain or a broken connection ended again,"
            + " up to "
            + StreamedExecution.MAX_ATTEMPTS + " attempts within the client's deadline):"
            + " retry the call, on another replica if there is one")
        .cause(failure));
  }

  /**
   * {@return {@code failure}'s message, bounded} One that ends with the break it failed after
   * (a resume window that passed tells its break so, and has it as its cause) is bounded in
   * two parts, its own words and the break's: cut as one, its end would go, and with it the
   * break's limit (the client's streamSilenceLimit, after a silence).
   */
  private static String clipped(RemoteMediaException failure) {
    String text = failure.getMessage();
    if (failure.getCause() instanceof RemoteMediaException brokeAfter) {
      String told = ": " + brokeAfter.getMessage();
      if (text.endsWith(told)) {
        return StatusTranslator.clip(text.substring(0, text.length() - told.length())) + ": "
            + StatusTranslator.clip(brokeAfter.getMessage());
      }
    }
    return StatusTranslator.clip(text);
  }

  /**
   * {@return the transport's failure under {@code failure}, or null: the session throws its
   * failure again with the original as cause, which holds grpc-java's status}
   */
  private static Throwable transportCause(RemoteMediaException failure) {
    Throwable cause = failure.getCause();
    while (cause instanceof RemoteMediaException wrapped) {
      cause = wrapped.getCause();
    }
    return cause;
  }

  /** {@return how far the call got, in words} */
  private String describe() {
    String input = "its input (over the client's streamAbove) ";
    if (!opened) {
      return input + "was to go to the server as a stream of " + chunkCount + " chunks, and"
          + " the stream had not opened";
    }
    return input + "went to the server as a stream: " + sent + " of " + chunkCount
        + " chunks had been sent, " + answered + " answered";
  }
}
