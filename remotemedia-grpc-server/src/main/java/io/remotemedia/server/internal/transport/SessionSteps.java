package io.remotemedia.server.internal.transport;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResume;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.StreamSettings;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The work of one {@link StreamSession} that runs outside its lock, on a worker or on the
 * transport thread once the session has released the lock: opening the pipeline stream,
 * finding the session a {@code resume} names, decoding and pushing a chunk, and finishing the
 * stream. Each step hands its outcome to the session, which takes its lock to apply it, so that
 * timers, drain and status never wait for the pipeline. A step that fails ends the session:
 * with the step's own error, or as INTERNAL when something escapes it ({@link
 * #endingIfItThrows}). The session runs one step at a time, so this class needs no lock of its
 * own.
 */
final class SessionSteps {
  // The session's logger: a step's failure is part of the session's story in the log.
  private static final Logger log = LogManager.getLogger(StreamSession.class);

  private final StreamSession session;
  private final String clientName;
  private final PipelineRunner runner;
  private final StreamRegistry registry;
  private final StreamSettings settings;
  /** The runner's memory bound, in which the replay buffer's results count. */
  private final BufferMemory memory;
  /** Decodes the chunks and encodes the results of this session. */
  private final ChunkCoding coding;
  /** The call's HTTP/2 receive window, in bytes, whose memory an open stream reserves. */
  private final int windowBytes;

  SessionSteps(StreamSession session, String clientName, PipelineRunner runner,
      StreamRegistry registry, StreamSettings settings, long maxChunkSamples,
      BufferMemory memory, int windowBytes) {
    this.session = session;
    this.clientName = clientName;
    this.runner = runner;
    this.registry = registry;
    this.settings = settings;
    this.memory = memory;
    this.coding = new ChunkCoding(maxChunkSamples);
    this.windowBytes = windowBytes;
  }

  /**
   * Opens the pipeline stream, reserves its receive window's memory ({@link
   * InboundWindowMemory}) and, for a resumable session, its replay buffer.
   */
  void open(StreamOpen open) {
    boolean resumable = open.getResumable() && settings.resumeWindowMs() > 0;
    PipelineStream opened;
    try {
      PipelineGrpcService.checkProtocol(open.getClientProtocolVersion());
      opened = coding.open(runner, withSessionLimit(StreamWire.fromProto(open)));
    } catch (PipelineException e) {
      session.fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("open", e);
      return;
    }
    boolean adopted = false;
    PipelineException noRoom = null;
    BufferMemory.Hold window = null;
    ReplayBuffer kept = null;
    try {
      try {
        if (resumable) {
          kept = new ReplayBuffer(settings.resumeBufferBytes(), memory);
        }
        window = InboundWindowMemory.reserve(memory, windowBytes);
      } catch (PipelineException e) {
        noRoom = e;
      }
      adopted = noRoom == null && session.adopt(opened, kept, window);
    } finally {
      if (!adopted) {
        // Refused, ended meanwhile, or something thrown: the runner's stream slot and the
        // window's and the replay buffer's reservations go back.
        if (kept != null) {
          kept.clear();
        }
        if (window != null) {
          window.close();
        }
        opened.close();
      }
    }
    if (noRoom != null) {
      // Only now, with the slot back: a client that retries at once finds it free.
      session.fail(noRoom);
    }
  }

  /**
   * Reserves the receive window's memory of a call a session moves to after it took over
   * another, whose window stays counted until that call's stream ends ({@link
   * InboundWindowMemory}).
   *
   * @throws PipelineException BUSY naming {@code total_memory_bytes} when there is no room
   */
  BufferMemory.Hold reserveWindow() {
    return InboundWindowMemory.reserve(memory, windowBytes);
  }

  /** This call's first message was {@code resume}: hands the call to the session it names. */
  void resume(StreamResume resume) {
    StreamSession kept;
    try {
      PipelineGrpcService.checkProtocol(resume.getClientProtocolVersion());
      kept = registry.resumable().find(resume.getResumeToken(), clientName);
    } catch (PipelineException e) {
      session.fail(e);
      return;
    }
    session.forwardTo(kept, resume.getResultsReceived());
  }

  /** Decodes {@code chunk}, pushes it through {@code stream} and hands the session its result. */
  void push(PipelineStream stream, StreamChunk chunk) {
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
      session.fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("chunk " + chunk.getSequence(), e);
      return;
    }
    session.answer(response);
  }

  /** Finishes {@code stream} and hands the session its {@code closed} message. */
  void finish(PipelineStream stream) {
    ExecutionResult result;
    try {
      result = stream.finish();
    } catch (PipelineException e) {
      session.fail(e);
      return;
    } catch (RuntimeException e) {
      failInternal("close", e);
      return;
    }
    session.closed(coding.closed(result));
  }

  /**
   * {@code task}, ending the session as INTERNAL if anything escapes it: an Error (out of
   * memory, a stack overflow), or an exception outside the step's own handling. Otherwise the
   * session would stay busy and unanswered, keeping its stream slot and memory until {@code
   * max_session_ms}. What was thrown goes on up, to the worker pool's log or to grpc.
   */
  Runnable endingIfItThrows(String step, Runnable task) {
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

  private void failInternal(String step, RuntimeException e) {
    String requestId = UUID.randomUUID().toString();
    log.error("stream {} failed unexpectedly at {}, request id {}", session.loggedId(), step,
        requestId, e);
    session.endInternal(requestId);
  }

  private void endAfterThrow(String step) {
    String requestId = UUID.randomUUID().toString();
    if (session.endInternal(requestId)) {
      log.error("stream {} failed unexpectedly at {}, request id {}; what it threw (an Error,"
          + " or an exception outside the step's own handling) follows", session.loggedId(),
          step, requestId);
    }
  }

  /**
   * Caps a timeout the client set at the session's longest duration. An unset one stays unset:
   * the runner resolves it, so the open's wait for an execution slot is bounded by
   * {@code limits.defaults.timeout_ms} as a unary call's is, not by the session's length.
   */
  private OpenStreamRequest withSessionLimit(OpenStreamRequest request) {
    ExecutionLimits limits = request.limits();
    if (limits.timeoutMs() == 0) {
      return request;
    }
    return new OpenStreamRequest(request.manifest(), request.inputFormat(),
        limits.withTimeoutAtMost(settings.maxSessionMs()), request.outputEncodings());
  }
}
