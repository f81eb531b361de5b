package io.remotemedia.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResumed;
import io.remotemedia.proto.internal.wire.StreamWire;

/**
 * How a resumable {@link RemoteStreamSession} resumes after the transport cut its call. The
 * server's {@code ready} gives a resume token. When the current call breaks, the session is
 * disconnected (sends wait, {@link StreamSends}), its {@link ResumeWindow} opens, and it calls
 * again with the token after a back-off, until the server answers {@code resumed} on one of
 * the calls: then the chunks the server has not got, and {@code close} if the session was
 * finishing, go out again on that call. If the window passes first, the session fails, and the
 * call of a resume in flight is reset.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * the others take it themselves.
 */
final class StreamResume {
  private final StreamConnection connection;
  private final RemoteStreamSession session;
  private final Object lock;
  private final StreamSends sends;
  private final ResumeWindow window;
  private final CallResets resets;
  private final SilenceWatch silence;
  private final ListenerQueue callbacks;
  private final StreamConnectionListener connections;

  // Guarded by the session's lock.
  private String token = "";
  /** The call of the resume in flight, once it has started and sent the token; else null. */
  private ClientCallStreamObserver<StreamRequest> resuming;

  /**
   * @param connection starts each resume call as the session's current call
   * @param callbacks runs {@code connections}' methods, on the SDK's listener thread
   * @param connections hears the session's breaks and resumes
   */
  StreamResume(StreamConnection connection, RemoteStreamSession session, Object lock,
      StreamSends sends, ResumeWindow window, CallResets resets, SilenceWatch silence,
      ListenerQueue callbacks, StreamConnectionListener connections) {
    this.connection = connection;
    this.session = session;
    this.lock = lock;
    this.sends = sends;
    this.window = window;
    this.resets = resets;
    this.silence = silence;
    this.callbacks = callbacks;
    this.connections = connections;
  }

  /** The resume token from the server's {@code ready}; empty for a session that cannot resume. */
  void tokenLocked(String token) {
    this.token = token;
  }

  /** {@return whether the server gave a resume token} */
  boolean isResumableLocked() {
    return !token.isEmpty();
  }

  /** {@return whether a resume call is in flight: it has started and sent the token} */
  boolean isInFlightLocked() {
    return resuming != null;
  }

  /** {@return the call of the resume in flight, or null; it is no longer awaited} */
  ClientCallStreamObserver<StreamRequest> takeCallLocked() {
    ClientCallStreamObserver<StreamRequest> call = resuming;
    resuming = null;
    return call;
  }

  /**
   * The current call broke in the transport: starts resuming, and fails the session if that
   * does not succeed within the server's resume window.
   */
  void disconnectedLocked(RemoteMediaException cause) {
    String sessionId = session.sessionId();
    if (sends.disconnectLocked()) {
      window.openLocked(cause, () -> windowPassed(cause));
      callbacks.run(() -> connections.onDisconnected(sessionId, cause));
    }
    laterLocked(0);
  }

  /** Calls again with the resume token after the back-off, and at least {@code atLeastMs}. */
  void laterLocked(long atLeastMs) {
    SdkTimer.schedule(this::resume, window.nextPauseMsLocked(atLeastMs));
  }

  /** Calls again with the resume token; the server answers {@code resumed}. */
  private void resume() {
    StreamResponses next = session.newResponses();
    long received;
    String token;
    synchronized (lock) {
      if (session.hasFailedLocked() || sends.isConnectedLocked()) {
        return;
      }
      connection.currentLocked(next);
      received = sends.resumingLocked();
      token = this.token;
    }
    connection.startResumeCall(next);
    synchronized (lock) {
      if (!session.hasFailedLocked()) {
        resuming = next.call();
        silence.restartLocked();
        resets.sendLocked(resuming,
            StreamWire.resume(token, received, ProtocolFeature.RESUMABLE_STREAMS.version()));
        return;
      }
    }
    // The session ended on another thread (cancelled, a listener threw, a bad response) while
    // this call started: whoever ended it cancelled the call that was current then, not this.
    resets.reset(next.call(), "the stream has ended", null);
  }

  private void windowPassed(RemoteMediaException cause) {
    synchronized (lock) {
      if (sends.isConnectedLocked() || session.hasFailedLocked()) {
        return;
      }
    }
    session.terminate(window.passed(cause));
    // Taken after the failure is set: a resume attempt that runs from now on sees it and
    // makes no call. A resumed that arrived since the check above made the resume call the
    // current one; it is cancelled all the same.
    ClientCallStreamObserver<StreamRequest> call;
    synchronized (lock) {
      call = sends.isConnectedLocked() ? sends.call() : resuming;
      resuming = null;
    }
    if (call != null) {
      resets.reset(call, "the resume window passed", null);
    }
  }

  /**
   * The server continues the session on {@code call}: sends again what it has not got. Ignored
   * once the session has failed: whoever failed it cancels this call.
   *
   * @param resumed the server's answer to the resume
   * @param call the call that resumed the session
   * @throws PipelineException PROTOCOL_MISMATCH if the session was not resuming
   */
  void resumed(StreamResumed resumed, ClientCallStreamObserver<StreamRequest> call) {
    String sessionId = session.sessionId();
    synchronized (lock) {
      if (sends.isConnectedLocked()) {
        throw PipelineException.of(ErrorKind.PROTOCOL_MISMATCH,
            "the server answered resumed on a stream that was not resuming");
      }
      if (session.hasFailedLocked()) {
        return; // Too late: the session has ended, and this call is being cancelled.
      }
      resuming = null;
      window.closeLocked();
      sends.resumedLocked(call, resumed.getNextChunkSequence());
      lock.notifyAll();
    }
    long replayed = resumed.getReplayedResults();
    callbacks.run(() -> connections.onResumed(sessionId, replayed));
  }
}
