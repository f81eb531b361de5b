package io.remotemedia.client;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a resumable session's current call has waited for the server for the silence
 * limit and heard nothing, and runs the session's silence check on the {@link SdkTimer}
 * thread when that could first be so: never before, and without polling. What the call waits
 * for, and what is done once the limit passes, are the {@link StreamConnection}'s.
 *
 * <p>A wait starts when the server was last heard, or later, when it was first owed something
 * (a chunk, close or resume sent while it owed nothing, or room made by the consumer: {@link
 * ResultDemand#roomMadeAtNanos()}). Results the consumer has not taken do not count.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * and {@link #start} takes it itself.
 */
final class SilenceWatch {
  private final Object lock;
  private final long limitNanos;
  private final ResultDemand demand;
  /** The session's silence check, which calls {@link #overdueLocked}; set by {@link #start}. */
  private Runnable check;
  /**
   * When the current call last heard from the server, or began to wait for its answer to a
   * message (chunk, close, resume) sent while it owed nothing, by {@link System#nanoTime()}.
   */
  private long heardAtNanos = System.nanoTime();
  /** The next silence check, once started. */
  private ScheduledFuture<?> next;

  /**
   * @param lock the session's lock, which guards this watch
   * @param limitNanos how long a call may wait for the server and hear nothing, in ns
   * @param demand the session's result demand, which tells when the consumer made room
   */
  SilenceWatch(Object lock, long limitNanos, ResultDemand demand) {
    this.lock = lock;
    this.limitNanos = limitNanos;
    this.demand = demand;
  }

  /**
   * Runs {@code check} once the limit has passed, and again as {@link #overdueLocked} and
   * {@link #rearmLocked} ask, until {@code ended} completes.
   */
  void start(Runnable check, CompletableFuture<?> ended) {
    synchronized (lock) {
      this.check = check;
      next = SdkTimer.scheduleNanos(check, limitNanos);
    }
    ended.whenComplete((result, failure) -> {
      synchronized (lock) {
        next.cancel(false);
      }
    });
  }

  /**
   * The wait for the server starts again now: the current call just heard from it, or began
   * to wait for its answer to a message sent while it owed nothing.
   */
  void restartLocked() {
    heardAtNanos = System.nanoTime();
  }

  /**
   * {@return the failure of a call that waited for the limit, or empty} If the call has not
   * waited that long, the check runs again when it could have; if it has, the wait starts
   * again at {@code now}, and the caller calls {@link #rearmLocked} once it has acted.
   *
   * @param awaited what the current call waits for from the server, in words, or null if
   *     nothing
   * @param now the check's time, by {@link System#nanoTime()}
   */
  Optional<RemoteMediaException> overdueLocked(String awaited, long now) {
    long waitingSince = Math.max(heardAtNanos, demand.roomMadeAtNanos());
    if (awaited == null || now - waitingSince < limitNanos) {
      // A wait that starts after now cannot reach the limit before now + limit.
      long startedAt = awaited == null ? now : waitingSince;
      next = SdkTimer.scheduleNanos(check, startedAt + limitNanos - now);
      return Optional.empty();
    }
    RemoteMediaException cause = new RemoteMediaException(Status.Code.UNAVAILABLE,
        PipelineException.builder(ErrorKind.UNAVAILABLE, "the server sent nothing on this"
            + " stream for " + TimeUnit.NANOSECONDS.toMillis(now - waitingSince) + " ms while"
            + " it owed " + awaited + " (the client's streamSilenceLimit is "
            + limitNanos / 1_000_000 + " ms): its connection was taken as broken, the call"
            + " cancelled"));
    heardAtNanos = now;
    return Optional.of(cause);
  }

  /** Runs the check again once the limit has passed from now, for the call that follows. */
  void rearmLocked() {
    next = SdkTimer.scheduleNanos(check, limitNanos);
  }
}
