package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a resumable {@link StreamSession} keeps so that a new call can resume it: its resume
 * token in the registry's {@link ResumableSessions}, its {@link ReplayBuffer} of results not
 * yet acknowledged, and whether it is kept (its call broke and it waits for a resume), expired
 * (its window passed) or finished (it answered {@code closed}, which a resume may still replay).
 * A session that is not resumable has no replay buffer, and all of this is inert. The session
 * decides the transitions; this class keeps the books, and tells the metrics what a resume
 * replayed and how a kept session ended. Not thread-safe; guarded by the owning StreamSession's
 * lock.
 */
final class ResumeState {
  // The session's logger: a resume is part of the session's story in the log.
  private static final Logger log = LogManager.getLogger(StreamSession.class);

  private final StreamRegistry registry;
  private final String clientName;
  private final long windowMs;
  /** Resumable sessions only: results not yet acknowledged. */
  private ReplayBuffer replay;
  private String resumeToken;
  /** The connection broke and the session waits for a resume. */
  private boolean kept;
  /** The kept session's window passed. */
  private boolean expired;
  /** A resumable session answered closed: its last results and closed stay for a resume. */
  private boolean finished;
  /** How many results the session has produced: results 0 to produced - 1, one per chunk. */
  private long produced;

  /**
   * @param clientName the client that opened the session, the only one that may resume it
   * @param windowMs how long a kept or finished session waits for a resume, in ms
   */
  ResumeState(StreamRegistry registry, String clientName, long windowMs) {
    this.registry = registry;
    this.clientName = clientName;
    this.windowMs = windowMs;
  }

  /**
   * Makes {@code session} resumable, keeping its results in {@code replay}; returns its new
   * token.
   */
  String register(StreamSession session, ReplayBuffer replay) {
    // Registered first: release() forgets the token of a session that has a replay buffer.
    resumeToken = registry.resumable().register(session, clientName);
    this.replay = replay;
    return resumeToken;
  }

  /** {@return whether the session keeps its results for a resume} */
  boolean isResumable() {
    return replay != null;
  }

  /** Forgets the results before sequence {@code resultsReceived}, if the session keeps any. */
  void acknowledge(long resultsReceived) {
    if (replay != null) {
      replay.acknowledge(resultsReceived);
    }
  }

  /**
   * Keeps {@code result} for a resume, if the session keeps results.
   *
   * @throws PipelineException as {@link ReplayBuffer#add}
   */
  void add(StreamResponse result) {
    if (replay != null) {
      replay.add(result);
    }
    produced++;
  }

  /**
   * {@return the error for a client that acknowledges results the session has not produced,
   * or null when {@code resultsReceived} (the wire's uint64) is at most what it produced} Such
   * a client has lost count: taken at its word, it would lose on a resume the results it
   * acknowledged before it had them.
   *
   * @param where the message that carried the count, as the error names it
   */
  PipelineException overAcknowledged(long resultsReceived, String where) {
    if (Long.compareUnsigned(resultsReceived, produced) <= 0) {
      return null;
    }
    return PipelineException.of(ErrorKind.VALIDATION, where + ": results_received is "
        + Long.toUnsignedString(resultsReceived) + ", but the stream has produced "
        + (produced == 1 ? "1 result" : produced + " results"));
  }

  /** {@return whether the connection broke and the session is kept for a resume} */
  boolean isKept() {
    return kept;
  }

  /**
   * The connection broke: keeps the session, unless its client keeps as many sessions as it may
   * already ({@link StreamRegistry#limitKeptPerClient}).
   *
   * @return whether the session is kept
   */
  boolean tryKeep() {
    if (!registry.keptCounts().tryAdd(clientName)) {
      return false;
    }
    kept = true;
    return true;
  }

  /** A resume came before the server saw the old call break: the session is kept at once. */
  void keep() {
    registry.keptCounts().add(clientName);
    kept = true;
  }

  /**
   * {@return whether this client keeps more sessions than it may: possible only after {@link
   * #keep()}}
   */
  boolean isOverKeptLimit() {
    int limit = registry.keptCounts().limitFor(clientName);
    return limit > 0 && registry.keptCounts().count(clientName) > limit;
  }

  /** {@return why a session of this client was not kept: the limit it keeps already} */
  String notKeptReason() {
    return "not kept for a resume: client \"" + clientName + "\" keeps "
        + registry.keptCounts().count(clientName) + " sessions already, its limit of "
        + registry.keptCounts().limitFor(clientName) + " (quotas: open_streams)";
  }

  /** A new call resumed the kept session. */
  void unkeep() {
    kept = false;
    registry.keptCounts().remove(clientName);
  }

  /** The kept session's window passed: its token is remembered as expired. */
  void expire() {
    expired = true;
    registry.resumable().expire(resumeToken, clientName, windowMs);
  }

  /** The session answered {@code closed}: a resumable one keeps it for a late resume. */
  void closed() {
    finished = replay != null;
  }

  /** {@return whether the session answered closed and can still replay it} */
  boolean isFinished() {
    return finished;
  }

  /**
   * Sends {@code resumed} and the results from {@code resultsReceived} on to {@code next}.
   *
   * @param nextChunk the sequence of the next chunk the session expects
   */
  void replayTo(ServerCallStreamObserver<StreamResponse> next, long resultsReceived,
      String sessionId, long nextChunk) {
    replay.acknowledge(resultsReceived);
    int missed = replay.count();
    next.onNext(StreamWire.resumed(sessionId, nextChunk, missed));
    long bytes = replay.replayTo(next);
    registry.activity().resumed(bytes);
    log.debug("stream {} resumed: {} results replayed, next chunk {}", sessionId,
        missed, nextChunk);
  }

  /**
   * Answers a resume on {@code next} of a session that has ended: a finished one replays its
   * results from {@code resultsReceived} on and its {@code closed}; any other is NOT_FOUND.
   */
  void answerEnded(ServerCallStreamObserver<StreamResponse> next, long resultsReceived,
      String sessionId, long nextChunk, StreamResponse closed) {
    if (finished && !next.isCancelled()) {
      replayTo(next, resultsReceived, sessionId, nextChunk);
      next.onNext(closed);
      next.onCompleted();
    } else {
      next.onError(StatusMapper.toStatusException(PipelineException.of(
          ErrorKind.NOT_FOUND, "the stream session ended before it could be resumed;"
              + " open a new stream")));
    }
  }

  /**
   * The session ended: frees its token and results, or, for a finished session, runs {@code
   * forget} (which takes the session's lock) once the resume window has passed.
   */
  void release(Runnable forget) {
    if (finished) {
      // The closed message may have been lost to a broken connection: it and the results
      // before it can be replayed for one more window, then they are forgotten.
      try {
        registry.timers().schedule(forget, windowMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        forget.run(); // The server has stopped: no window, and nobody left to resume.
      }
    } else if (replay != null) {
      replay.clear();
      registry.resumable().remove(resumeToken);
    }
    if (kept) {
      registry.keptCounts().remove(clientName);
      registry.activity().unkept();
      if (expired) {
        registry.activity().expired();
      }
    }
  }

  /** Forgets the token: nobody can resume the session any more. */
  void forgetToken() {
    // Called without the session's lock: the token was written under it before the session
    // could finish, and never changes.
    registry.resumable().remove(resumeToken);
  }

  /** Forgets a finished session's results and gives their memory back. */
  void forgetResults() {
    replay.clear();
    finished = false;
  }
}
