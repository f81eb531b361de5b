package io.remotemedia.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pause before the SDK makes a call again: a streamed execution once a drain or a broken
 * connection ended an attempt ({@link StreamedExecution}), and a unary call cut by the
 * transport or refused unrun by a draining server ({@link UnaryCall}, {@link CutCallRetry}), as
 * the channel's retry policy pauses between the attempts it makes itself
 * ({@link ScaleOutServiceConfig}: from 50 ms, doubling, at most 1 s).
 *
 * <p>Without it the attempts follow each other within milliseconds, and the channel's
 * round-robin, which picks only among the connections already made, can hand every one of them
 * to the replica that refused the first while the connection to another replica is still
 * being made. The pause is drawn between half and the whole of its bound, so that the calls
 * one drain ended do not all come back at the same moment.
 */
final class AttemptPause {
  /** The bound of the pause before the second attempt, in ms. */
  static final long INITIAL_MS = 50;
  /** The largest bound, in ms. */
  static final long MAX_MS = 1000;

  private AttemptPause() {}

  /**
   * {@return the bound of the pause before attempt {@code attempt}, in ms: 50 before the
   * second, 100 before the third, doubling up to {@link #MAX_MS}}
   *
   * @param attempt the attempt about to be made, 2 or more
   */
  static long boundMs(int attempt) {
    if (attempt < 2) {
      throw new IllegalArgumentException("attempt " + attempt + ": only an attempt made again"
          + " (2 or more) pauses");
    }
    return Math.min(MAX_MS, INITIAL_MS << Math.min(5, attempt - 2));
  }

  /**
   * {@return a pause before attempt {@code attempt}, in ms: drawn between half and the whole
   * of {@link #boundMs}}
   */
  static long drawMs(int attempt) {
    long bound = boundMs(attempt);
    return ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
  }

  /**
   * {@return whether a pause of {@code pauseMs} leaves time for an attempt before {@code
   * deadline}} A call without a deadline always has time.
   */
  static boolean fits(long pauseMs, Deadline deadline) {
    return deadline == null
        || deadline.timeRemaining(TimeUnit.NANOSECONDS) > TimeUnit.MILLISECONDS.toNanos(pauseMs);
  }

  /**
   * {@return the CANCELLED failure of a call whose thread was interrupted in the pause after
   * attempt {@code attempt} failed with {@code failure}} As a blocking call that is
   * interrupted fails; the attempt's failure is told too, and is the cause.
   */
  static RemoteMediaException interrupted(int attempt, RemoteMediaException failure) {
    return new RemoteMediaException(Status.Code.CANCELLED, PipelineException.builder(
        ErrorKind.CANCELLED, "interrupted while pausing before attempt " + (attempt + 1)
            + " of the call; attempt " + attempt + " had failed: "
            + StatusTranslator.clip(failure.getMessage())).cause(failure));
  }

  /**
   * Pauses the calling thread before attempt {@code attempt}, for {@link #drawMs}.
   *
   * @param deadline the call's deadline, or null for none
   * @return whether the attempt may be made: false, without a pause, when the pause would
   *     reach {@code deadline}, and false if the thread was interrupted (its flag is set again)
   */
  static boolean pause(int attempt, Deadline deadline) {
    long pauseMs = drawMs(attempt);
    if (!fits(pauseMs, deadline)) {
      return false;
    }
    try {
      Thread.sleep(pauseMs);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
