package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.StreamSettings;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One StreamPipeline call: reads the client's messages one at a time, opens the pipeline on
 * the worker pool (the runner refuses a stream past its open-stream limit as BUSY), processes
 * each chunk on the transport thread or the worker pool (as {@link
 * StreamSettings#chunkThread()} says), and writes the answers back in order.
 *
 * <p>Flow control and buffering: the session asks the transport for one message
 * ({@code request(1)}), processes it, and asks for the next only after the answer has
 * been given to the transport while {@code isReady()}. So at most one chunk is being processed
 * and at most one response waits for the transport per session; a client that does not read
 * stops the session from reading, and HTTP/2 flow control then stops the client from sending.
 * Chunks of one session never run concurrently, so results leave in sequence order.
 *
 * <p>Ending: after {@code close} the session reads one more message while the pipeline
 * flushes, and sends {@code closed} and OK once the client has half-closed (or after {@link
 * CloseHandshake#CLOSE_WAIT_MS}), so that a chunk sent after close fails the call with
 * INVALID_ARGUMENT. When the server drains, the session gets {@code draining}; if it is still
 * open when the grace period runs out, it ends with UNAVAILABLE and an ErrorDetail of type
 * DRAINING.
 *
 * <p>Resuming (docs/streaming.md, "Resuming"): a session opened with {@code resumable} keeps
 * every result until the client acknowledges it, in a {@link ReplayBuffer}. When its call ends
 * without an answer (the connection broke) it is <em>kept</em>: detached from any call, its
 * pipeline and slot held, for {@link StreamSettings#resumeWindowMs()}. A new call whose first
 * message is {@code resume} finds it by token ({@link ResumableSessions}) and forwards
 * everything to it: the kept session attaches the new call, sends {@code resumed} with the
 * next chunk it expects, replays what the client has not received, and carries on. Every
 * callback names the call it came from ({@link StreamCall} routes them), and a session ignores
 * callbacks of a call it is no longer attached to.
 *
 * <p>This class is the state machine: every transition is here. It delegates the asking,
 * holding and counting of the flow control to {@link CallFlow}, the books of a resumable
 * session (token, replay buffer, kept, expired, finished) to {@link ResumeState}, where and
 * whether a step runs to {@link StepScheduler}, and the pipeline work itself to {@link
 * SessionSteps}. {@link StreamMessageOrder} judges whether a client message or half-close
 * comes in order, {@link CloseHandshake} whether {@code closed} may leave yet, {@link
 * IdleTimeout} whether the session has been idle too long, and {@link DrainEndings} words the
 * endings of a drain.
 *
 * <p>Threading: transport callbacks, worker tasks and the timer all take {@link #lock} before
 * they touch the call or the state ({@link CallFlow}, {@link ResumeState}, {@link
 * StepScheduler}, {@link SessionTimers} and {@link CloseHandshake} included); pipeline work
 * ({@link SessionSteps}) runs outside the lock.
 */
final class StreamSession {
  private static final Logger log = LogManager.getLogger(StreamSession.class);
  /**
   * How long a half-close without {@code close} waits for the call's reset before it ends the
   * session as a protocol error: the reset follows at once, but its callback runs on the call's
   * executor, which a loaded server may run late.
   */
  static final long RESET_WAIT_MS = 500;

  /** The call this object was created for, whose callbacks it routes. */
  private final StreamCall ownCall;
  private final StreamRegistry registry;
  private final StreamSettings settings;
  private final IdleTimeout idleTimeout;
  private final Object lock = new Object();
  private final SessionSteps steps;

  // Guarded by lock.
  private final CallFlow flow;
  private final ResumeState resume;
  private final SessionTimers timers;
  private final StepScheduler scheduler;
  /** The sequence of the next chunk the session expects. */
  private long nextChunk;
  private SessionState state = SessionState.AWAITING_OPEN;
  private PipelineStream stream;
  /** The memory the stream's receive window may hold, counted from its open to its end. */
  private BufferMemory.Hold inboundWindow;
  /** The call the session answers on, as {@link #flow} has it, with its transport's end. */
  private StreamCall currentCall;
  /**
   * The client half-closed while its {@code open} or {@code resume} was still being handled:
   * that message's own failure answers first, if it fails (guarded by the lock).
   */
  private boolean halfClosedWhileOpening;
  /** Written once, under the lock, when the session opens; read by timers and log lines too. */
  private volatile String sessionId = "";
  private final CloseHandshake close = new CloseHandshake();

  StreamSession(ServerCallStreamObserver<StreamResponse> call, String clientName,
      PipelineRunner runner, WorkerPool workers, StreamRegistry registry,
      StreamSettings settings, long maxChunkSamples, BufferMemory memory, int windowBytes) {
    this.steps = new SessionSteps(this, clientName, runner, registry, settings,
        maxChunkSamples, memory, windowBytes);
    this.ownCall = new StreamCall(call, this);
    this.currentCall = ownCall;
    this.flow = new CallFlow(call);
    this.resume = new ResumeState(registry, clientName, settings.resumeWindowMs());
    this.registry = registry;
    this.settings = settings;
    this.idleTimeout = new IdleTimeout(settings.idleTimeoutMs());
    this.timers = new SessionTimers(registry.timers());
    this.scheduler = new StepScheduler(workers, settings.chunkThread(), this::failLocked);
  }

  /**
   * Installs the call's handlers, starts the timers and asks for the {@code open} message.
   *
   * @return the observer of the client's messages
   */
  StreamCall start() {
    registry.addUnopened(this);
    ownCall.installHandlers();
    synchronized (lock) {
      timers.idleCheck(this::checkIdle, idleTimeout.timeoutMs());
      timers.sessionLimit(() -> fail(PipelineException.of(
              ErrorKind.TIMEOUT, named() + " reached the maximum session"
                  + " duration of " + settings.maxSessionMs() + " ms")),
          settings.maxSessionMs());
      requestNext();
    }
    return ownCall;
  }

  /** The client sent {@code message} on the call {@code from}. */
  void receive(ServerCallStreamObserver<StreamResponse> from, StreamRequest message) {
    // Work to run on this thread once the lock is released (chunks on the transport thread):
    // the pipeline never runs under the lock, so timers, drain and status never wait for it.
    Runnable here = null;
    synchronized (lock) {
      if (state == SessionState.DONE || from != flow.call() || resume.isKept()) {
        return;
      }
      flow.received();
      if (state == SessionState.AWAITING_OPEN) {
        registry.sentFirstMessage(this);
      }
      PipelineException ending = StreamMessageOrder.ending(state, message);
      if (ending != null) {
        failLocked(ending);
        return;
      }
      switch (message.getKindCase()) {
        case OPEN -> {
          state = SessionState.OPENING;
          scheduler.submit(endingIfItThrows("open", () -> steps.open(message.getOpen())));
        }
        case RESUME -> {
          state = SessionState.OPENING;
          here = endingIfItThrows("resume", () -> steps.resume(message.getResume()));
        }
        case CHUNK -> {
          PipelineException lostCount = resume.overAcknowledged(
              message.getChunk().getResultsReceived(),
              "chunk " + Long.toUnsignedString(message.getChunk().getSequence()));
          if (lostCount != null) {
            failLocked(lostCount);
            return;
          }
          nextChunk = message.getChunk().getSequence() + 1;
          resume.acknowledge(message.getChunk().getResultsReceived());
          here = scheduler.process(endingIfItThrows("a chunk",
              () -> steps.push(stream, message.getChunk())));
        }
        case CLOSE -> {
          state = SessionState.CLOSING;
          // Read on after close: a chunk that follows it fails the call (see closed).
          flow.request();
          here = scheduler.process(endingIfItThrows("close", () -> steps.finish(stream)));
        }
        default -> throw new AssertionError("StreamMessageOrder ended the session: " + message);
      }
    }
    if (here != null) {
      here.run();
    }
  }

  /** The client half-closed the call {@code from}. */
  void halfClosed(ServerCallStreamObserver<StreamResponse> from) {
    synchronized (lock) {
      if (from != flow.call() || resume.isKept()) {
        return;
      }
      if (state == SessionState.CLOSING) {
        if (close.clientHalfClosed()) {
          completeLocked();
        }
        return;
      }
      if (state == SessionState.OPENING) {
        // Before, the half-close won the race with a bad open about four times in five.
        halfClosedWhileOpening = true;
        return;
      }
      PipelineException ending = StreamMessageOrder.halfCloseEnding(state);
      if (ending != null) {
        // grpc-js cancels a call by half-closing it and resetting it at once (Node's
        // Http2Stream.close): the reset, if it comes, says what the client did (callGone), and
        // the half-close is a protocol error only if it does not.
        timers.resetWait(() -> halfClosedWithoutReset(from, ending), RESET_WAIT_MS);
      }
    }
  }

  private void halfClosedWithoutReset(ServerCallStreamObserver<StreamResponse> from,
      PipelineException ending) {
    synchronized (lock) {
      if (state != SessionState.DONE && from == flow.call() && !resume.isKept()) {
        failLocked(ending);
      }
    }
  }

  /** Returns this session's progress, for operators. */
  StreamStatus status() {
    synchronized (lock) {
      return flow.status(sessionId, resume.isKept());
    }
  }

  /** Returns whether the connection broke and the session is kept for a resume. */
  boolean isKept() {
    synchronized (lock) {
      return resume.isKept();
    }
  }

  /** Sends {@code draining}; returns false when the session has already ended. */
  boolean drain(long deadlineMs) {
    synchronized (lock) {
      if (state == SessionState.DONE || resume.isKept()) {
        return false;
      }
      // Out of band and tiny: sent even when the transport is not ready.
      flow.call().onNext(StreamWire.draining(deadlineMs));
      return true;
    }
  }

  /**
   * Ends the session with DRAINING (UNAVAILABLE) if its call has not yet sent its first
   * message: the server drains, and the session has done no work.
   */
  void endUnopenedAtDrain() {
    synchronized (lock) {
      if (registry.isUnopened(this)) {
        failLocked(DrainEndings.unopened());
      }
    }
  }

  /**
   * Ends the session with DRAINING (UNAVAILABLE) because the drain's grace period of {@code
   * graceMs} ran out; returns false when the session has already ended.
   */
  boolean endDraining(long graceMs) {
    synchronized (lock) {
      if (state == SessionState.DONE) {
        return false;
      }
      failLocked(DrainEndings.graceRanOut(graceMs));
      return true;
    }
  }

  /**
   * Makes {@code opened} this session's stream, keeping its results in {@code kept} (null for
   * a session that is not resumable) and {@code window}, its receive window's memory, until it
   * ends; false (nothing kept) if the session has ended meanwhile, or if the server has begun
   * to drain, which ends it as DRAINING: it never opened.
   */
  boolean adopt(PipelineStream opened, ReplayBuffer kept, BufferMemory.Hold window) {
    synchronized (lock) {
      scheduler.stepEnded();
      if (state == SessionState.DONE) {
        return false;
      }
      if (!registry.add(this)) {
        failLocked(PipelineGrpcService.stopping());
        return false;
      }
      stream = opened;
      inboundWindow = window;
      sessionId = opened.sessionId();
      state = SessionState.OPEN;
      log.debug("stream {} opened", sessionId);
      if (kept != null) {
        String resumeToken = resume.register(this, kept);
        enqueue(StreamWire.ready(sessionId, resumeToken, settings.resumeWindowMs()));
      } else {
        enqueue(StreamWire.ready(sessionId));
      }
      if (halfClosedWhileOpening) {
        failLocked(StreamMessageOrder.halfCloseEnding(state));
      }
      return true;
    }
  }

  /** Answers a chunk with its {@code response}, unless the session has ended meanwhile. */
  void answer(StreamResponse response) {
    synchronized (lock) {
      scheduler.stepEnded();
      if (state == SessionState.DONE) {
        return;
      }
      try {
        resume.add(response);
      } catch (PipelineException e) {
        failLocked(e);
        return;
      }
      if (resume.isKept()) {
        return; // Replayed when the client resumes.
      }
      enqueue(response);
    }
  }

  /** The pipeline finished: answers {@code closed} once the client has half-closed. */
  void closed(StreamResponse closed) {
    synchronized (lock) {
      scheduler.stepEnded();
      if (state == SessionState.DONE) {
        return;
      }
      boolean halfClosed = close.pipelineClosed(closed);
      if (resume.isKept()) {
        return; // Sent when the client resumes.
      }
      // The doc's rule, "a chunk after close is INVALID_ARGUMENT", needs the message after
      // close: the answer waits for the client's half-close (CloseHandshake).
      if (halfClosed) {
        completeLocked();
      } else {
        timers.closeWait(this::completeClose, CloseHandshake.CLOSE_WAIT_MS);
      }
    }
  }

  /**
   * The server has stopped: ends the session if it is still open (kept for a resume, or a
   * call the shutdown left), and forgets a finished session's results at once instead of
   * after the resume window, whose timer no longer runs. Its client is told nothing more.
   */
  void endAtShutdown() {
    boolean forgetNow;
    synchronized (lock) {
      if (state != SessionState.DONE) {
        failLocked(DrainEndings.serverStopped());
      }
      forgetNow = resume.isFinished();
    }
    if (forgetNow) {
      forget();
    }
  }

  private void completeClose() {
    synchronized (lock) {
      if (state != SessionState.DONE && !resume.isKept()) {
        completeLocked();
      }
    }
  }

  private void completeLocked() {
    // The last message: nothing is pending (close was read only after the last result left),
    // so this adds at most one message to the transport's buffer.
    state = SessionState.DONE;
    flow.call().onNext(close.closed());
    flow.call().onCompleted();
    resume.closed();
    release();
    log.debug("stream {} closed", sessionId);
  }

  /** The call {@code from} can take a response. */
  void onReady(ServerCallStreamObserver<StreamResponse> from) {
    synchronized (lock) {
      if (state != SessionState.DONE && from == flow.call() && !resume.isKept()) {
        flush();
      }
    }
  }

  /**
   * The call {@code from} ended without an answer: the client cancelled it or the connection
   * broke. An open resumable session is kept for its window; any other ends.
   */
  void callGone(ServerCallStreamObserver<StreamResponse> from, String why) {
    synchronized (lock) {
      if (from != flow.call() || resume.isKept() || state == SessionState.DONE) {
        return;
      }
      boolean open = state == SessionState.OPEN || state == SessionState.CLOSING;
      if (open && resume.isResumable() && resume.tryKeep()) {
        keepLocked(why);
      } else if (open && resume.isResumable()) {
        endQuietlyLocked(why + "; " + resume.notKeptReason());
      } else {
        endQuietlyLocked(why);
      }
    }
  }

  /** Detaches the session, marked kept, from its call and keeps it for the resume window. */
  private void keepLocked(String why) {
    flow.dropPending(); // It is in the replay buffer.
    timers.cancelCloseWait();
    timers.expiry(this::expire, settings.resumeWindowMs());
    registry.activity().kept();
    log.debug("stream {} kept for {} ms: {}", sessionId, settings.resumeWindowMs(), why);
  }

  private void expire() {
    synchronized (lock) {
      if (state == SessionState.DONE || !resume.isKept()) {
        return;
      }
      state = SessionState.DONE;
      resume.expire();
      release();
      log.debug("stream {} expired: not resumed within {} ms", sessionId,
          settings.resumeWindowMs());
    }
  }

  /**
   * This call's first message was {@code resume}, naming {@code into}: hands the call to it,
   * which replays from {@code resultsReceived} on.
   */
  void forwardTo(StreamSession into, long resultsReceived) {
    synchronized (lock) {
      if (state == SessionState.DONE) {
        return;
      }
      // This object only forwards from now on; its call's callbacks go to the session.
      state = SessionState.DONE;
      timers.cancelAll();
      ownCall.forwardTo(into);
    }
    ResumeAdmission admission = ResumeAdmission.current();
    into.endingIfItThrows("resume",
        () -> into.attach(ownCall, resultsReceived, admission)).run();
    boolean halfClosed;
    synchronized (lock) {
      halfClosed = halfClosedWhileOpening;
    }
    if (halfClosed) {
      // It came while the resume was sought, to this session: the kept one hears it now.
      into.halfClosed(ownCall.call());
    }
  }

  /**
   * Continues this session on {@code nextCall}: sends {@code resumed}, replays the results
   * from {@code resultsReceived} on, and reads on (or ends, for a session that was closing).
   * If {@code admission} refuses {@code nextCall} a place, the session stays kept and only
   * {@code nextCall} fails.
   */
  private void attach(StreamCall nextCall, long resultsReceived, ResumeAdmission admission) {
    ServerCallStreamObserver<StreamResponse> next = nextCall.call();
    synchronized (lock) {
      PipelineException lostCount = resume.overAcknowledged(resultsReceived, "resume");
      if (lostCount != null && (state != SessionState.DONE || resume.isFinished())) {
        // Only this call fails: the session goes on, or stays for a resume that counts right.
        next.onError(StatusMapper.toStatusException(lostCount));
        return;
      }
      if (state == SessionState.DONE) {
        // A finished session replays on next like any resume: it needs a place first.
        if (resume.isFinished() && !next.isCancelled() && !admitted(next, admission)) {
          return;
        }
        resume.answerEnded(next, resultsReceived, sessionId, nextChunk, close.closed());
        return;
      }
      boolean tookOver = !resume.isKept();
      if (tookOver) {
        // The resume came before the server saw the old connection break.
        ServerCallStreamObserver<StreamResponse> old = flow.call();
        resume.keep();
        keepLocked("resumed on a new call");
        old.onError(StatusMapper.toStatusException(PipelineException.of(ErrorKind.CANCELLED,
            "the stream session was resumed on another call")));
        if (inboundWindow != null) {
          // The old call's chunks stay in its transport until its stream ends, which may wait
          // for a client that reads nothing: its window stays counted with it, and the new
          // call reserves its own below.
          currentCall.holdUntilEnded(inboundWindow);
          inboundWindow = null;
        }
      }
      if (next.isCancelled() || !admitted(next, admission)) {
        // Stay kept, as a broken call's session is: within the client's limit of kept ones.
        if (tookOver && resume.isOverKeptLimit()) {
          endQuietlyLocked("its resume did not go on; " + resume.notKeptReason());
        }
        return;
      }
      if (inboundWindow == null) {
        try {
          inboundWindow = steps.reserveWindow();
        } catch (PipelineException noRoom) {
          // Stays kept, as when the quota refuses the call; the client may resume again.
          next.onError(StatusMapper.toStatusException(noRoom));
          return;
        }
      }
      timers.cancelExpiry();
      resume.unkeep();
      registry.activity().unkept();
      close.newCall();
      flow.attach(next);
      currentCall = nextCall;
      resume.replayTo(next, resultsReceived, sessionId, nextChunk);
      long drainMsLeft = registry.drainMsLeft();
      if (drainMsLeft >= 0) {
        // The drain told the open sessions while this one was kept: tell it now.
        next.onNext(StreamWire.draining(drainMsLeft));
      }
      flow.clearOutstanding();
      if (state == SessionState.CLOSING) {
        // The client sends close again, but the session has it: answer without reading on.
        if (close.clientHalfClosed()) {
          completeLocked();
        }
      } else if (!scheduler.isBusy()) {
        requestNext();
      }
    }
  }

  /**
   * Takes {@code next}'s place ({@link ResumeAdmission}): after a takeover, which gave the old
   * call's place back. False, with {@code next} ended with the quota's refusal, if there is none.
   */
  private static boolean admitted(ServerCallStreamObserver<StreamResponse> next,
      ResumeAdmission admission) {
    try {
      admission.admit();
      return true;
    } catch (PipelineException e) {
      next.onError(StatusMapper.toStatusException(e));
      return false;
    }
  }

  private void checkIdle() {
    synchronized (lock) {
      if (state == SessionState.DONE) {
        return;
      }
      long idleMs = flow.idleMs();
      if (resume.isKept()) {
        flow.progressed(); // The resume window governs a kept session.
      } else if (idleTimeout.ranOut(idleMs, scheduler.isBusy())) {
        failLocked(idleTimeout.ending(named(), idleMs));
        return;
      }
      timers.idleCheck(this::checkIdle, idleTimeout.nextCheckMs(idleMs, scheduler.isBusy()));
    }
  }

  /** Hands a response to the transport when it is ready; holds it (only one) otherwise. */
  private void enqueue(StreamResponse response) {
    flow.hold(response);
    flush();
  }

  private void flush() {
    if (!resume.isKept() && flow.sendPending()) {
      requestNext();
    }
  }

  private void requestNext() {
    if (!resume.isKept() && (state == SessionState.AWAITING_OPEN || state == SessionState.OPEN)) {
      flow.request();
    }
  }

  /** Ends the session with {@code e}: a step failed. */
  void fail(PipelineException e) {
    synchronized (lock) {
      scheduler.stepEnded();
      failLocked(e);
    }
  }

  private void failLocked(PipelineException e) {
    if (state == SessionState.DONE) {
      return;
    }
    state = SessionState.DONE;
    release();
    log.debug("stream {} failed: {}", sessionId, e.getMessage());
    if (!resume.isKept()) {
      flow.call().onError(StatusMapper.toStatusException(e));
    }
  }

  /** {@link SessionSteps#endingIfItThrows}, for this session's steps. */
  private Runnable endingIfItThrows(String step, Runnable task) {
    return steps.endingIfItThrows(step, task);
  }

  /** The session in a client's error: "stream ID", or what it is while it has no id yet. */
  private String named() {
    return sessionId.isEmpty() ? "a stream that sent no opening message" : "stream " + sessionId;
  }

  /** The session's id for a log line; a session not yet open has none. */
  String loggedId() {
    return sessionId.isEmpty() ? "(not yet open)" : sessionId;
  }

  /** Ends the session as INTERNAL; false if it had ended already. */
  boolean endInternal(String requestId) {
    synchronized (lock) {
      scheduler.stepEnded();
      if (state == SessionState.DONE) {
        return false;
      }
      state = SessionState.DONE;
      release();
      if (!resume.isKept()) {
        flow.call().onError(StatusMapper.internal(requestId));
      }
      return true;
    }
  }

  private void endQuietlyLocked(String why) {
    state = SessionState.DONE;
    release();
    log.debug("stream {} ended: {}", sessionId, why);
  }

  /**
   * Frees everything the session holds: the pipeline's slot (an open still planning is
   * interrupted), the timers, the registration, the resume token and the replayed results;
   * its receive window's memory once its call's stream has ended in the transport ({@link
   * StreamCall#holdUntilEnded}).
   */
  private void release() {
    registry.sentFirstMessage(this);
    scheduler.abandonOpen();
    flow.dropPending();
    if (stream != null) {
      // Cancels unless finished; a worker still inside push stops within one node chunk.
      stream.close();
    }
    if (inboundWindow != null) {
      // Counted until the call's stream has ended in the transport, which keeps its chunks.
      currentCall.holdUntilEnded(inboundWindow);
    }
    resume.release(this::forget);
    timers.cancelAll();
    registry.remove(this);
  }

  private void forget() {
    resume.forgetToken();
    synchronized (lock) {
      resume.forgetResults();
      close.forget();
    }
  }

}
