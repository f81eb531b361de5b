package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.encoding.StreamAudioDecoder;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.StreamSettings;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
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

  private final ServerCallStreamObserver<StreamResponse> call;
  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final StreamRegistry registry;
  private final StreamSettings settings;
  private final Object lock = new Object();
  /** Decodes coded chunks, keeping the Opus decoder's state from chunk to chunk. */
  private final StreamAudioDecoder chunkDecoder = new StreamAudioDecoder();

  // Guarded by lock.
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
  private ScheduledFuture<?> idleCheck;
  private ScheduledFuture<?> sessionLimit;
  private ScheduledFuture<?> closeWait;

  StreamSession(ServerCallStreamObserver<StreamResponse> call, PipelineRunner runner,
      WorkerPool workers, StreamRegistry registry, StreamSettings settings) {
    this.call = call;
    this.runner = runner;
    this.workers = workers;
    this.registry = registry;
    this.settings = settings;
  }

  /** Installs the call's handlers, starts the timers and asks for the {@code open} message. */
  void start() {
    call.setOnReadyHandler(this::onReady);
    call.setOnCancelHandler(this::onCallCancelled);
    synchronized (lock) {
      idleCheck = registry.timers().schedule(this::checkIdle, settings.idleTimeoutMs(),
          TimeUnit.MILLISECONDS);
      sessionLimit = registry.timers().schedule(() -> fail(PipelineException.of(
              ErrorKind.TIMEOUT, "stream " + sessionId + " reached the maximum session"
                  + " duration of " + settings.maxSessionMs() + " ms")),
          settings.maxSessionMs(), TimeUnit.MILLISECONDS);
      requestNext();
    }
  }

  @Override
  public void onNext(StreamRequest message) {
    // Work to run on this thread once the lock is released (chunks on the transport thread):
    // the pipeline never runs under the lock, so timers, drain and status never wait for it.
    Runnable here = null;
    synchronized (lock) {
      if (state == State.DONE) {
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
            submit(() -> open(message.getOpen()));
          }
        }
        case CHUNK -> {
          if (state == State.OPEN) {
            here = process(() -> push(message.getChunk()));
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
            here = process(this::finish);
          } else {
            failLocked(protocol(unexpected("close")));
          }
        }
        case CANCEL -> failLocked(PipelineException.of(ErrorKind.CANCELLED,
            "stream cancelled by the client" + (message.getCancel().getReason().isEmpty()
                ? "" : ": " + message.getCancel().getReason())));
        case KIND_NOT_SET -> failLocked(protocol(
            "a StreamRequest must set one of open, chunk, close or cancel; this one set none"));
      }
    }
    if (here != null) {
      here.run();
    }
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled the call or went away: stop the work, nobody is listening.
    endQuietly("the call ended: " + t.getMessage());
  }

  @Override
  public void onCompleted() {
    synchronized (lock) {
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
          pending == null ? 0 : 1, pending != null && !call.isReady());
    }
  }

  /** Sends {@code draining}; returns false when the session has already ended. */
  boolean drain(long deadlineMs) {
    synchronized (lock) {
      if (state == State.DONE) {
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
    PipelineStream opened;
    try {
      PipelineGrpcService.checkProtocol(open.getClientProtocolVersion());
      opened = runner.openStream(withSessionLimit(StreamWire.fromProto(open)));
    } catch (PipelineException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("open", e);
      return;
    }
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        opened.close();
        return;
      }
      stream = opened;
      sessionId = opened.sessionId();
      state = State.OPEN;
      registry.add(this);
      log.debug("stream {} opened", sessionId);
      enqueue(StreamWire.ready(sessionId));
    }
  }

  private void push(StreamChunk chunk) {
    StreamResponse response;
    try {
      AudioBuffer audio = StreamWire.audioOf(chunk, chunkDecoder);
      response = StreamWire.toProto(stream.push(chunk.getSequence(), audio));
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
      if (state != State.DONE) {
        enqueue(response);
      }
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
    StreamResponse closed = StreamWire.closed(result);
    synchronized (lock) {
      busy = false;
      if (state == State.DONE) {
        return;
      }
      closedResponse = closed;
      // The doc's rule, "a chunk after close is INVALID_ARGUMENT", needs the message after
      // close: the answer waits for the client's half-close (the SDK sends it with close) or,
      // for clients that wait for closed before half-closing, CLOSE_WAIT_MS.
      if (halfClosed) {
        completeLocked();
      } else {
        closeWait = registry.timers().schedule(this::completeClose, CLOSE_WAIT_MS,
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void completeClose() {
    synchronized (lock) {
      if (state != State.DONE) {
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
    release();
    log.debug("stream {} closed", sessionId);
  }

  private void onReady() {
    synchronized (lock) {
      if (state != State.DONE) {
        flush();
      }
    }
  }

  private void onCallCancelled() {
    endQuietly("the client cancelled the call or disconnected");
  }

  private void checkIdle() {
    synchronized (lock) {
      if (state == State.DONE) {
        return;
      }
      long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressNanos);
      if (!busy && idleMs >= settings.idleTimeoutMs()) {
        failLocked(PipelineException.of(ErrorKind.TIMEOUT, "stream " + sessionId
            + " was idle for " + idleMs + " ms: no message from the client and no result read"
            + " within the idle timeout of " + settings.idleTimeoutMs() + " ms"));
        return;
      }
      long delayMs = busy ? settings.idleTimeoutMs() : settings.idleTimeoutMs() - idleMs;
      idleCheck = registry.timers().schedule(this::checkIdle, Math.max(1, delayMs),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Hands a response to the transport when it is ready; holds it (only one) otherwise. */
  private void enqueue(StreamResponse response) {
    pending = response;
    flush();
  }

  private void flush() {
    if (pending != null && call.isReady()) {
      call.onNext(pending);
      pending = null;
      lastProgressNanos = System.nanoTime();
      requestNext();
    }
  }

  private void requestNext() {
    if (state == State.AWAITING_OPEN || state == State.OPEN) {
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
    call.onError(StatusMapper.toStatusException(e));
  }

  private void failInternal(String step, RuntimeException e) {
    String requestId = UUID.randomUUID().toString();
    log.error("stream {} failed unexpectedly at {}, request id {}", sessionId, step, requestId,
        e);
    synchronized (lock) {
      busy = false;
      if (state != State.DONE) {
        state = State.DONE;
        release();
        call.onError(StatusMapper.internal(requestId));
      }
    }
  }

  private void endQuietly(String why) {
    synchronized (lock) {
      if (state != State.DONE) {
        state = State.DONE;
        release();
        log.debug("stream {} ended: {}", sessionId, why);
      }
    }
  }

  /** Frees everything the session holds: the pipeline's slot, the timers, the registration. */
  private void release() {
    pending = null;
    if (stream != null) {
      // Cancels unless finished; a worker still inside push stops within one node chunk.
      stream.close();
    }
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    if (sessionLimit != null) {
      sessionLimit.cancel(false);
    }
    if (closeWait != null) {
      closeWait.cancel(false);
    }
    registry.remove(this);
  }

  private OpenStreamRequest withSessionLimit(OpenStreamRequest request) {
    return new OpenStreamRequest(request.manifest(), request.inputFormat(),
        request.limits().withTimeoutAtMost(settings.maxSessionMs()));
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
