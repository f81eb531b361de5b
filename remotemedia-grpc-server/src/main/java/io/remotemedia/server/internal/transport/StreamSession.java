package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.proto.StreamResume;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One StreamPipeline call: reads the client's messages one at a time, opens the pipeline on
 * the worker pool (the runner refuses a stream past its open-stream limit as BUSY), processes each chunk on the transport thread or the worker pool (as {@link
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
 * #CLOSE_WAIT_MS}), so that a chunk sent after close fails the call with INVALID_ARGUMENT. When
 * the server drains, the session gets {@code draining}; if it is still open when the grace
 * period runs out, it ends with UNAVAILABLE and an ErrorDetail of type DRAINING.
 *
 * <p>Resuming (docs/streaming.md, "Resuming"): a session opened with {@code resumable} keeps
 * every result until the client acknowledges it, in a {@link ReplayBuffer}. When its call ends
 * without an answer (the connection broke) it is <em>kept</em>: detached from any call, its
 * pipeline and slot held, for {@link StreamSettings#resumeWindowMs()}. A new call whose first
 * message is {@code resume} finds it by token ({@link ResumableSessions}) and forwards
 * everything to it: the kept session attaches the new call, sends {@code resumed} with the
 * next chunk it expects, replays what the client has not received, and carries on. Every
 * callback names the call it came from, and a session ignores callbacks of a call it is no
 * longer attached to.
 *
 * <p>Threading: transport callbacks, worker tasks and the timer all take {@link #lock} before
 * they touch the call or the state; pipeline work runs outside the lock.
 */
final class StreamSession implements StreamObserver<StreamRequest> {
  private static final Logger log = LogManager.getLogger(StreamSession.class);

  private enum State { AWAITING_OPEN, OPENING, OPEN, CLOSING, DONE }

  /**
   * After {@code close}, how long the answer waits for the client's half-close, in ms, so that
   * a message sent after close is read and refused rather than silently dropped.
   */
  static final long CLOSE_WAIT_MS = 100;

  /** The call this object was created for; its callbacks go to {@link #target()}. */
  private final ServerCallStreamObserver<StreamResponse> ownCall;
  private final String clientName;
  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final StreamRegistry registry;
  private final StreamSettings settings;
  private final Object lock = new Object();
  /** Decodes the chunks and encodes the results of this session. */
  private final ChunkCoding coding;

  /** Set when this call resumed another session: everything goes there. */
  private volatile StreamSession resumedInto;

  // Guarded by lock.
  /** The call the session answers on; the last one attached while the session is kept. */
  private ServerCallStreamObserver<StreamResponse> call;
  /** Resumable sessions only: results not yet acknowledged. */
  private ReplayBuffer replay;
  private String resumeToken;
  /** The connection broke and the session waits for a resume. */
  private boolean kept;
  /** The kept session's window passed. */
  private boolean expired;
  /** A resumable session answered closed: its last results and closed stay for a resume. */
  private boolean finished;
  /** The sequence of the next chunk the session expects. */
  private long nextChunk;
  private State state = State.AWAITING_OPEN;
  private PipelineStream stream;
  private String sessionId = "";
  private StreamResponse pending;
  private StreamResponse closedResponse;
  private boolean halfClosed;
  private boolean busy;
  private long received;
  private long requested;
  private long lastProgressNanos = System.nanoTime();
  private final SessionTimers timers;
  /** The runner's memory bound, in which the replay buffer's results count. */
  private final BufferMemory memory;

  StreamSession(ServerCallStreamObserver<StreamResponse> call, String clientName,
      PipelineRunner runner, WorkerPool workers, StreamRegistry registry,
      StreamSettings settings, long maxChunkSamples, BufferMemory memory) {
    this.coding = new ChunkCoding(maxChunkSamples);
    this.memory = memory;
    this.ownCall = call;
    this.call = call;
    this.clientName = clientName;
    this.runner = runner;
    this.workers = workers;
    this.registry = registry;
    this.settings = settings;
    this.timers = new SessionTimers(registry.timers());
  }

  /** Installs the call's handlers, starts the timers and asks for the {@code open} message. */
  void start() {
    ownCall.setOnReadyHandler(() -> target().onReady(ownCall));
    ownCall.setOnCancelHandler(() -> target().callGone(ownCall,
        "the client cancelled the call or disconnected"));
    synchronized (lock) {
      timers.idleCheck(this::checkIdle, settings.idleTimeoutMs());
      timers.sessionLimit(() -> fail(PipelineException.of(
              ErrorKind.TIMEOUT, "stream " + sessionId + " reached the maximum session"
                  + " duration of " + settings.maxSessionMs() + " ms")),
          settings.maxSessionMs());
      requestNext();
    }
  }

  @Override
  public void onNext(StreamRequest message) {
    target().receive(ownCall, message);
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled the call or went away: stop the work, nobody is listening.
    target().callGone(ownCall, "the call ended: " + t.getMessage());
  }

  @Override
  public void onCompleted() {
    target().halfClosed(ownCall);
  }

  /** The session that handles this call's callbacks: this one, or the one it resumed. */
  private StreamSession target() {
    StreamSession into = resumedInto;
    return into == null ? this : into;
  }

  private void receive(ServerCallStreamObserver<StreamResponse> from, StreamRequest message) {
    // Work to run on this thread once the lock is released (chunks on the transport thread):
    // the pipeline never runs under the lock, so timers, drain and status never wait for it.
    Runnable here = null;
    synchronized (lock) {
      if (state == State.DONE || from != call || kept) {
        return;
      }
      received++;
      lastProgressNanos = System.nanoTime();
      switch (message.getKindCase()) {
        case OPEN -> {
          if (state != State.AWAITING_OPEN) {
            failLocked(protocol("open may be sent only once, as the first message"));
          } else {
            state = State.OPENING;
            submit(endingIfItThrows("open", () -> open(message.getOpen())));
          }
        }
        case RESUME -> {
          if (state != State.AWAITING_OPEN) {
            failLocked(protocol("resume may be sent only as the first message of a call"));
          } else {
            state = State.OPENING;
            here = endingIfItThrows("resume", () -> resumeInto(message.getResume()));
          }
        }
        case CHUNK -> {
          if (state == State.OPEN) {
            nextChunk = message.getChunk().getSequence() + 1;
            if (replay != null) {
              replay.acknowledge(message.getChunk().getResultsReceived());
            }
            here = process(endingIfItThrows("a chunk", () -> push(message.getChunk())));
          } else {
            failLocked(protocol(unexpected("chunk")));
          }
        }
        case CLOSE -> {
          if (state == State.OPEN) {
            state = State.CLOSING;
            // Read on after close: a chunk that follows it fails the call (see finish).
            requested++;
            call.request(1);
            here = process(endingIfItThrows("close", this::finish));
          } else {
            failLocked(protocol(unexpected("close")));
          }
        }
        case CANCEL -> failLocked(PipelineException.of(ErrorKind.CANCELLED,
            "stream cancelled by the client" + (message.getCancel().getReason().isEmpty()
                ? "" : ": " + message.getCancel().getReason())));
        case KIND_NOT_SET -> failLocked(protocol("a StreamRequest must set one of open, resume,"
            + " chunk, close or cancel; this one set none"));
      }
    }
    if (here != null) {
      here.run();
    }
  }

  private void halfClosed(ServerCallStreamObserver<StreamResponse> from) {
    synchronized (lock) {
      if (from != call || kept) {
        return;
      }
      if (state == State.CLOSING) {
        halfClosed = true;
        if (closedResponse != null) {
          completeLocked();
        }
      } else if (state != State.DONE) {
        failLocked(protocol("the client half-closed the stream without sending close or cancel"));
      }
    }
  }

  /** Returns this session's progress, for operators. */
  StreamStatus status() {
    synchronized (lock) {
      return new StreamStatus(sessionId, received, requested - received,
          pending == null ? 0 : 1, pending != null && !kept && !call.isReady());
    }
  }

  /** Returns whether the connection broke and the session is kept for a resume. */
  boolean isKept() {
    synchronized (lock) {
      return kept;
    }
  }

  /** Sends {@code draining}; returns false when the session has already ended. */
  boolean drain(long deadlineMs) {
    synchronized (lock) {
      if (state == State.DONE || kept) {
        return false;
      }
      // Out of band and tiny: sent even when the transport is not ready.
      call.onNext(StreamWire.draining(deadlineMs));
      return true;
    }
  }

  /**
   * Ends the session with DRAINING (UNAVAILABLE) because the drain's grace period of {@code
   * graceMs} ran out; returns false when the session has already ended.
   */
  boolean endDraining(long graceMs) {
    synchronized (lock) {
      if (state == State.DONE) {
        return false;
      }
      failLocked(PipelineException.of(ErrorKind.DRAINING, "the server is shutting down and"
          + " its grace period of " + graceMs + " ms has run out; reopen the stream, on another"
          + " replica if there is one"));
      return true;
    }
  }

  private void open(StreamOpen open) {
    boolean resumable = open.getResumable() && settings.resumeWindowMs() > 0;
    PipelineStream opened;
    try {
      PipelineGrpcService.checkProtocol(open.getClientProtocolVersion());
      opened = coding.open(runner, withSessionLimit(StreamWire.fromProto(open)));
    } catch (PipelineException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("open", e);
      return;
    }
    boolean adopted = false;
    PipelineException noRoom = null;
    ReplayBuffer kept = null;
    try {
      if (resumable) {
        try {
          kept = new ReplayBuffer(settings.resumeBufferBytes(), memory);
        } catch (PipelineException e) {
          noRoom = e;
        }
      }
      adopted = noRoom == null && adopt(opened, kept);
    } finally {
      if (!adopted) {
        // Refused, ended meanwhile, or something thrown: the runner's stream slot and the
        // replay buffer's reservation go back.
        if (kept != null) {
          kept.clear();
        }
        opened.close();
      }
    }
    if (noRoom != null) {
      // Only now, with the slot back: a client that retries at once finds it free.
      fail(noRoom);
    }
  }

  /**
   * Makes {@code opened} this session's stream, keeping its results in {@code kept} (null for
   * a session that is not resumable); false (nothing kept) if the session has ended meanwhile.
   */
  private boolean adopt(PipelineStream opened, ReplayBuffer kept) {
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        return false;
      }
      stream = opened;
      sessionId = opened.sessionId();
      state = State.OPEN;
      registry.add(this);
      log.debug("stream {} opened", sessionId);
      if (kept != null) {
        // Registered first: release() forgets the token of a session that has a replay buffer.
        resumeToken = registry.resumable().register(this, clientName);
        replay = kept;
        enqueue(StreamWire.ready(sessionId, resumeToken, settings.resumeWindowMs()));
      } else {
        enqueue(StreamWire.ready(sessionId));
      }
      return true;
    }
  }

  private void push(StreamChunk chunk) {
    StreamResponse response;
    try {
      AudioBuffer audio = coding.decode(chunk);
      long concealed = coding.newlyConcealed();
      if (concealed > 0) {
        registry.activity().concealed(concealed);
      }
      response = coding.result(stream.push(chunk.getSequence(), audio));
      registry.activity().chunk();
    } catch (PipelineException e) {
      if (e.kind() == ErrorKind.CANCELLED) {
        registry.activity().dropped();
      }
      fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("chunk " + chunk.getSequence(), e);
      return;
    }
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        return;
      }
      if (replay != null) {
        try {
          replay.add(response);
        } catch (PipelineException e) {
          failLocked(e);
          return;
        }
      }
      if (kept) {
        return; // Replayed when the client resumes.
      }
      enqueue(response);
    }
  }

  private void finish() {
    ExecutionResult result;
    try {
      result = stream.finish();
    } catch (PipelineException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("close", e);
      return;
    }
    StreamResponse closed = coding.closed(result);
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        return;
      }
      closedResponse = closed;
      if (kept) {
        return; // Sent when the client resumes.
      }
      // The doc's rule, "a chunk after close is INVALID_ARGUMENT", needs the message after
      // close: the answer waits for the client's half-close (the SDK sends it with close) or,
      // for clients that wait for closed before half-closing, CLOSE_WAIT_MS.
      if (halfClosed) {
        completeLocked();
      } else {
        timers.closeWait(this::completeClose, CLOSE_WAIT_MS);
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
      if (state != State.DONE) {
        failLocked(PipelineException.of(ErrorKind.DRAINING, "the server has stopped; reopen"
            + " the stream, on another replica if there is one"));
      }
      forgetNow = finished;
    }
    if (forgetNow) {
      forget();
    }
  }

  private void completeClose() {
    synchronized (lock) {
      if (state != State.DONE && !kept) {
        completeLocked();
      }
    }
  }

  private void completeLocked() {
    // The last message: nothing is pending (close was read only after the last result left),
    // so this adds at most one message to the transport's buffer.
    state = State.DONE;
    call.onNext(closedResponse);
    call.onCompleted();
    finished = replay != null;
    release();
    log.debug("stream {} closed", sessionId);
  }

  private void onReady(ServerCallStreamObserver<StreamResponse> from) {
    synchronized (lock) {
      if (state != State.DONE && from == call && !kept) {
        flush();
      }
    }
  }

  /**
   * The call {@code from} ended without an answer: the client cancelled it or the connection
   * broke. An open resumable session is kept for its window; any other ends.
   */
  private void callGone(ServerCallStreamObserver<StreamResponse> from, String why) {
    synchronized (lock) {
      if (from != call || kept || state == State.DONE) {
        return;
      }
      if (replay != null && (state == State.OPEN || state == State.CLOSING)) {
        keepLocked(why);
      } else {
        endQuietlyLocked(why);
      }
    }
  }

  /** Detaches the session from its call and keeps it for the resume window. */
  private void keepLocked(String why) {
    kept = true;
    pending = null; // It is in the replay buffer.
    timers.cancelCloseWait();
    timers.expiry(this::expire, settings.resumeWindowMs());
    registry.activity().kept();
    log.debug("stream {} kept for {} ms: {}", sessionId, settings.resumeWindowMs(), why);
  }

  /** Sends {@code resumed} and the results from {@code resultsReceived} on to {@code next}. */
  private void replayTo(ServerCallStreamObserver<StreamResponse> next, long resultsReceived) {
    replay.acknowledge(resultsReceived);
    int missed = replay.pending().size();
    next.onNext(StreamWire.resumed(sessionId, nextChunk, missed));
    long bytes = replay.replayTo(next);
    registry.activity().resumed(bytes);
    log.debug("stream {} resumed: {} results replayed, next chunk {}", sessionId,
        missed, nextChunk);
  }

  private void expire() {
    synchronized (lock) {
      if (state == State.DONE || !kept) {
        return;
      }
      state = State.DONE;
      expired = true;
      registry.resumable().expire(resumeToken, clientName, settings.resumeWindowMs());
      release();
      log.debug("stream {} expired: not resumed within {} ms", sessionId,
          settings.resumeWindowMs());
    }
  }

  /** This call's first message was {@code resume}: hand the call to the session it names. */
  private void resumeInto(StreamResume resume) {
    StreamSession session;
    try {
      PipelineGrpcService.checkProtocol(resume.getClientProtocolVersion());
      session = registry.resumable().find(resume.getResumeToken(), clientName);
    } catch (PipelineException e) {
      fail(e);
      return;
    }
    synchronized (lock) {
      if (state == State.DONE) {
        return;
      }
      // This object only forwards from now on; its call's callbacks go to the session.
      state = State.DONE;
      timers.cancelAll();
      resumedInto = session;
    }
    session.endingIfItThrows("resume", () -> session.attach(ownCall, resume.getResultsReceived()))
        .run();
  }

  /**
   * Continues this session on {@code next}: sends {@code resumed}, replays the results from
   * {@code resultsReceived} on, and reads on (or ends, for a session that was closing).
   */
  private void attach(ServerCallStreamObserver<StreamResponse> next, long resultsReceived) {
    synchronized (lock) {
      if (state == State.DONE) {
        if (finished && !next.isCancelled()) {
          replayTo(next, resultsReceived);
          next.onNext(closedResponse);
          next.onCompleted();
        } else {
          next.onError(StatusMapper.toStatusException(PipelineException.of(
              ErrorKind.NOT_FOUND, "the stream session ended before it could be resumed;"
                  + " open a new stream")));
        }
        return;
      }
      if (!kept) {
        // The resume came before the server saw the old connection break.
        ServerCallStreamObserver<StreamResponse> old = call;
        keepLocked("resumed on a new call");
        old.onError(StatusMapper.toStatusException(PipelineException.of(ErrorKind.CANCELLED,
            "the stream session was resumed on another call")));
      }
      if (next.isCancelled()) {
        return; // Gone already: stay kept.
      }
      timers.cancelExpiry();
      kept = false;
      registry.activity().unkept();
      call = next;
      halfClosed = false;
      lastProgressNanos = System.nanoTime();
      replayTo(next, resultsReceived);
      requested = received;
      if (state == State.CLOSING) {
        // The client sends close again, but the session has it: answer without reading on.
        halfClosed = true;
        if (closedResponse != null) {
          completeLocked();
        }
      } else if (!busy) {
        requestNext();
      }
    }
  }

  private void checkIdle() {
    synchronized (lock) {
      if (state == State.DONE) {
        return;
      }
      long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressNanos);
      if (kept) {
        lastProgressNanos = System.nanoTime(); // The resume window governs a kept session.
      } else if (!busy && idleMs >= settings.idleTimeoutMs()) {
        failLocked(PipelineException.of(ErrorKind.TIMEOUT, "stream " + sessionId
            + " was idle for " + idleMs + " ms: no message from the client and no result read"
            + " within the idle timeout of " + settings.idleTimeoutMs() + " ms"));
        return;
      }
      long delayMs = busy ? settings.idleTimeoutMs() : settings.idleTimeoutMs() - idleMs;
      timers.idleCheck(this::checkIdle, Math.max(1, delayMs));
    }
  }

  /** Hands a response to the transport when it is ready; holds it (only one) otherwise. */
  private void enqueue(StreamResponse response) {
    pending = response;
    flush();
  }

  private void flush() {
    if (pending != null && !kept && call.isReady()) {
      call.onNext(pending);
      pending = null;
      lastProgressNanos = System.nanoTime();
      requestNext();
    }
  }

  private void requestNext() {
    if (!kept && (state == State.AWAITING_OPEN || state == State.OPEN)) {
      requested++;
      call.request(1);
    }
  }

  /**
   * Hands a new session's open to the worker pool; the runner's stream slots decide whether it
   * opens. Called with the lock held.
   */
  private void submit(Runnable task) {
    busy = true;
    try {
      workers.submit(task);
    } catch (RejectedExecutionException stopped) {
      busy = false;
      failLocked(PipelineGrpcService.stopping(stopped));
    }
  }

  /**
   * Arranges an open session's chunk or close where the settings say: on the worker pool, or
   * on this transport thread, in which case it is returned for the caller to run once it has
   * released the lock. Called with the lock held.
   *
   * @return the task to run on this thread after the lock is released, or null
   */
  private Runnable process(Runnable task) {
    busy = true;
    if (settings.chunkThread() == ChunkThread.TRANSPORT) {
      return task;
    }
    continueWith(task);
    return null;
  }

  /**
   * Hands an open session's chunk or close to the worker pool; it is never refused for
   * capacity (see {@link WorkerPool}), and the session's next message is not read meanwhile,
   * so flow control holds the client back. Called with the lock held.
   */
  private void continueWith(Runnable task) {
    busy = true;
    try {
      workers.continueWith(task);
    } catch (RejectedExecutionException stopped) {
      busy = false;
      failLocked(PipelineGrpcService.stopping(stopped));
    }
  }

  private void fail(PipelineException e) {
    synchronized (lock) {
      busy = false;
      failLocked(e);
    }
  }

  private void failLocked(PipelineException e) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    release();
    log.debug("stream {} failed: {}", sessionId, e.getMessage());
    if (!kept) {
      call.onError(StatusMapper.toStatusException(e));
    }
  }

  private void failInternal(String step, RuntimeException e) {
    String requestId = UUID.randomUUID().toString();
    log.error("stream {} failed unexpectedly at {}, request id {}", loggedId(), step,
        requestId, e);
    endInternal(requestId);
  }

  /**
   * {@code task}, ending the session as INTERNAL if anything escapes it: an Error (out of
   * memory, a stack overflow), or an exception outside the step's own handling. Otherwise the
   * session would stay busy and unanswered, keeping its stream slot and memory until {@code
   * max_session_ms}. What was thrown goes on up, to the worker pool's log or to grpc.
   */
  private Runnable endingIfItThrows(String step, Runnable task) {
    return () -> {
      boolean returned = false;
      try {
        task.run();
        returned = true;
      } finally {
        if (!returned) {
          endAfterThrow(step);
        }
      }
    };
  }

  /** The session's id for a log line; a session not yet open has none. */
  private String loggedId() {
    return sessionId.isEmpty() ? "(not yet open)" : sessionId;
  }

  private void endAfterThrow(String step) {
    String requestId = UUID.randomUUID().toString();
    if (endInternal(requestId)) {
      log.error("stream {} failed unexpectedly at {}, request id {}; what it threw (an Error,"
          + " or an exception outside the step's own handling) follows", loggedId(), step,
          requestId);
    }
  }

  /** Ends the session as INTERNAL; false if it had ended already. */
  private boolean endInternal(String requestId) {
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        return false;
      }
      state = State.DONE;
      release();
      if (!kept) {
        call.onError(StatusMapper.internal(requestId));
      }
      return true;
    }
  }

  private void endQuietlyLocked(String why) {
    state = State.DONE;
    release();
    log.debug("stream {} ended: {}", sessionId, why);
  }

  /**
   * Frees everything the session holds: the pipeline's slot, the timers, the registration, the
   * resume token and the replayed results.
   */
  private void release() {
    pending = null;
    if (stream != null) {
      // Cancels unless finished; a worker still inside push stops within one node chunk.
      stream.close();
    }
    if (finished) {
      // The closed message may have been lost to a broken connection: it and the results
      // before it can be replayed for one more window, then they are forgotten.
      try {
        registry.timers().schedule(this::forget, settings.resumeWindowMs(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        forget(); // The server has stopped: no window, and nobody left to resume.
      }
    } else if (replay != null) {
      replay.clear();
      registry.resumable().remove(resumeToken);
    }
    if (kept) {
      registry.activity().unkept();
      if (expired) {
        registry.activity().expired();
      }
    }
    timers.cancelAll();
    registry.remove(this);
  }

  private void forget() {
    registry.resumable().remove(resumeToken);
    synchronized (lock) {
      replay.clear();
      closedResponse = null;
      finished = false;
    }
  }

  private OpenStreamRequest withSessionLimit(OpenStreamRequest request) {
    return new OpenStreamRequest(request.manifest(), request.inputFormat(),
        request.limits().withTimeoutAtMost(settings.maxSessionMs()), request.outputEncodings());
  }

  private String unexpected(String kind) {
    return switch (state) {
      case AWAITING_OPEN, OPENING -> "the first message of a stream must be open; got " + kind;
      default -> kind + " after close: the stream is closing";
    };
  }

  private static PipelineException protocol(String message) {
    return PipelineException.of(ErrorKind.VALIDATION, message);
  }
}
