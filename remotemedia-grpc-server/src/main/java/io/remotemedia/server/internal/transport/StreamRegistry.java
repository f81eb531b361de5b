package io.remotemedia.server.internal.transport;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The open StreamPipeline sessions of a server, and the one timer thread that enforces their
 * idle timeouts and maximum durations.
 *
 * <p>The server's drain calls {@link #drainAll(long)} to tell every client to finish; operators'
 * metrics read {@link #openCount()} and {@link #snapshot()}. Thread-safe.
 */
public final class StreamRegistry {
  private final Set<StreamSession> open = ConcurrentHashMap.newKeySet();
  /** Calls that have sent no message yet: ended, not waited for, when the grace runs out. */
  private final Set<StreamSession> unopened = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timers;
  private final ResumableSessions resumable = new ResumableSessions();
  private final KeptSessionCounts keptCounts = new KeptSessionCounts();
  private volatile StreamActivityListener listener = StreamActivityListener.NONE;
  /**
   * How long a call that has not sent its first message has, once the server drains, before
   * it ends with DRAINING, in ms (for a unary call, from the last bytes of its request; see
   * {@link RequestArrival#drain()}). A client sends its first message right after the call's
   * headers, so one on its way gets through (a resume can only be served here, where its
   * session is kept; a proxy forwards calls until it hears of the drain); a call that sends
   * nothing does not hold the drain.
   */
  public static final long FIRST_MESSAGE_AT_DRAIN_MS = 1_000;
  /** Set by {@link #drainAll}: from then on no session opens. Guarded by this. */
  private boolean draining;
  /** When the drain's deadline passes, in {@link System#nanoTime()}. Guarded by this. */
  private long drainDeadlineNanos;

  /** Creates an empty registry with its timer thread. Call {@link #shutdown()} when done. */
  public StreamRegistry() {
    timers = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "remotemedia-stream-timer");
      thread.setDaemon(true);
      return thread;
    });
    // Most timers are cancelled when their session ends; do not keep them queued.
    timers.setRemoveOnCancelPolicy(true);
  }

  /**
   * {@return the number of sessions that are open (past {@code ready}, not yet ended)} A
   * resumable session whose connection broke counts while it is kept: it still holds its node
   * state and its stream slot. This is the one count of open streams that limits read.
   */
  public int openCount() {
    return open.size();
  }

  /**
   * {@return the number of open sessions whose connection broke and that are kept for their
   * resume window (included in {@link #openCount()})}
   */
  public int keptCount() {
    return (int) open.stream().filter(StreamSession::isKept).count();
  }

  /** {@return a snapshot of every open session} */
  public List<StreamStatus> snapshot() {
    return open.stream().map(StreamSession::status).toList();
  }

  /**
   * Sends {@code draining} to every open session: the client should finish within
   * {@code deadlineMs}, after which the server's shutdown cancels what is left. From now on
   * a session whose {@code open} is still to be answered (its call started before the drain)
   * does not open but is refused at once as DRAINING (UNAVAILABLE), which a client sends again
   * to another replica: open, it would never hear {@code draining}, only UNAVAILABLE when the
   * grace period runs out. A call that has not sent
   * its first message ({@code open} or {@code resume}), now or when it starts from now on, has
   * {@link #FIRST_MESSAGE_AT_DRAIN_MS} to send it; if it does not, it has done no work and ends
   * with UNAVAILABLE and an {@code ErrorDetail} of type DRAINING, rather than hold the drain
   * until its idle timeout or the grace period.
   *
   * @param deadlineMs the time the client has to finish, in ms
   * @return the number of sessions told
   */
  public int drainAll(long deadlineMs) {
    // Before telling: a session that opens after this is refused, one that opened before is
    // in the set and told (see add).
    synchronized (this) {
      draining = true;
      drainDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    }
    // A call that starts after this is given its time in addUnopened, one that started
    // before is in the set.
    for (StreamSession session : unopened) {
      endUnlessOpenedSoon(session);
    }
    int told = 0;
    for (StreamSession session : open) {
      if (session.drain(deadlineMs)) {
        told++;
      }
    }
    return told;
  }

  /**
   * Ends every open session, and every call that has not yet sent its first message, with
   * UNAVAILABLE and an {@code ErrorDetail} of type DRAINING: the server's grace period of
   * {@code graceMs} has run out, and the client should reopen the stream elsewhere.
   *
   * @param graceMs the grace period that ran out, in ms, named in the error
   * @return the number of sessions ended
   */
  public int endAllDraining(long graceMs) {
    int ended = 0;
    for (Set<StreamSession> sessions : List.of(open, unopened)) {
      for (StreamSession session : sessions) {
        if (session.endDraining(graceMs)) {
          ended++;
        }
      }
    }
    return ended;
  }

  /**
   * Stops the timer thread and gives back what sessions still hold in the runner, which may
   * outlive the server (an application's own {@code LocalPipelineRunner}): a session kept for
   * a resume ends (its stream slot and node state), and a finished session's results, kept
   * for a late resume, are forgotten (their counted memory). Sessions with a call were ended
   * by the server's own shutdown; any left end too. Call it once the server has stopped.
   */
  public void shutdown() {
    timers.shutdownNow();
    for (StreamSession session : open) {
      session.endAtShutdown();
    }
    for (StreamSession session : resumable.sessions()) {
      session.endAtShutdown();
    }
  }

  /**
   * Limits the sessions one client may keep for a resume at once (a kept session holds a
   * stream slot and memory while its client holds no call). A session whose call breaks while
   * its client keeps that many already ends at once, as one that is not resumable.
   *
   * @param maxKept the limit by client name, read at each break; 0 means no limit
   */
  public void limitKeptPerClient(ToIntFunction<String> maxKept) {
    keptCounts.limit(maxKept);
  }

  KeptSessionCounts keptCounts() {
    return keptCounts;
  }

  /**
   * Sets who hears about stream activity (the server's metrics).
   *
   * @param activity told about every stream opening and closing; not null
   */
  public void listen(StreamActivityListener activity) {
    this.listener = Objects.requireNonNull(activity, "activity");
  }

  StreamActivityListener activity() {
    return listener;
  }

  /**
   * {@return the ms left until the deadline {@link #drainAll} gave (0 once it has passed), or
   * -1 while the server is not draining} A session kept for a resume when the drain told the
   * others hears it when it resumes.
   */
  synchronized long drainMsLeft() {
    if (!draining) {
      return -1;
    }
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(drainDeadlineNanos - System.nanoTime()));
  }

  /**
   * Adds an opening session; false, adding nothing, once {@link #drainAll} has begun. Atomic
   * with the start of a drain, so that every session is either refused or told.
   */
  synchronized boolean add(StreamSession session) {
    if (draining) {
      return false;
    }
    if (open.add(session)) {
      listener.opened();
    }
    return true;
  }

  /**
   * Tracks a new call until its first message or its end ({@link #sentFirstMessage}); once
   * {@link #drainAll} has begun, it has {@link #FIRST_MESSAGE_AT_DRAIN_MS} to send it.
   */
  synchronized void addUnopened(StreamSession session) {
    unopened.add(session);
    if (draining) {
      endUnlessOpenedSoon(session);
    }
  }

  private void endUnlessOpenedSoon(StreamSession session) {
    timers.schedule(session::endUnopenedAtDrain, FIRST_MESSAGE_AT_DRAIN_MS,
        TimeUnit.MILLISECONDS);
  }

  /** {@return whether {@code session}'s call has not yet sent its first message} */
  boolean isUnopened(StreamSession session) {
    return unopened.contains(session);
  }

  /** The call of {@code session} has sent its first message, or has ended. */
  void sentFirstMessage(StreamSession session) {
    unopened.remove(session);
  }

  void remove(StreamSession session) {
    if (open.remove(session)) {
      listener.closed();
    }
  }

  ResumableSessions resumable() {
    return resumable;
  }

  ScheduledExecutorService timers() {
    return timers;
  }
}
