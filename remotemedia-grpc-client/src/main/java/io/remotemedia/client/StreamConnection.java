package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResumed;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The calls of one {@link RemoteStreamSession}: it starts the first, and, for a resumable
 * session, the calls that resume it after the transport cut the last one ({@link
 * StreamResume}); it keeps which call is current, and decides, when one fails, whether the
 * session resumes or fails. What goes out on the current call is {@link StreamSends}'s, but
 * for {@code cancel} ({@link CancelMessage}). It also keeps what the server says of the
 * session's connection: its {@code ready}, and, for a resumable session, its resume token
 * and window ({@link ResumeWindow}; a resume call refused as BUSY is tried again after its
 * retry hint, doubled per attempt up to 16 times). It keeps a resumable session's deadline,
 * which its calls do not carry.
 *
 * <p>Silence: a replica that stops answering without closing its connection (a frozen process,
 * a host cut off the network) gives the transport nothing to fail on until the connection's
 * keepalive does (40 s by default), and a call's deadline may pass first. So a resumable
 * session's call that waits for the server (the results of chunks it sent, its {@code closed},
 * or {@code resumed}) and hears nothing for the silence limit is taken as broken: it is
 * cancelled, the channel is made to connect anew (the silent connection would otherwise take
 * the resume), and the session resumes as above. Results the consumer has not taken do not
 * count: the server waits for them. {@link SilenceWatch} tells when the limit has passed.
 *
 * <p>Resetting: grpc-java refuses any message on a call once it is cancelled, with an {@code
 * IllegalStateException} that is no failure of the session. So every call the session cancels
 * is reset through {@link CallResets}, which notes it under the lock before cancelling it, and
 * every message goes out under the lock, on a call not so noted. A deadline or a bad response
 * that cancels a call the session was about to send on thus fails the session as it should.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * the others take it themselves (after the session's send lock, as the session does).
 */
final class StreamConnection {
  private final RemoteStreamSession session;
  private final Object lock;
  private final Channel channel;
  private final ResultDemand demand;
  private final boolean resumable;
  private final Optional<Deadline> callDeadline;
  private final Runnable dropConnections;
  /** Completes with the session's id when the server's {@code ready} arrives. */
  private final CompletableFuture<String> opened = new CompletableFuture<>();
  /** The current call, and what goes out on it. */
  private final StreamSends sends;
  /** The calls that resume the session after the transport cut one. */
  private final StreamResume resume;

  // Guarded by the session's lock.
  /** The observer of the current call; callbacks of an earlier call are ignored. */
  private StreamResponses current;
  /** The time a broken session has to resume, once its call broke. */
  private final ResumeWindow window;
  /** When the current call has waited for the server too long; checked once ready came. */
  private final SilenceWatch silence;
  /** The calls reset, or about to be, and the sends that skip them. */
  private final CallResets resets;
  /** The cancel message of a resumable session, and the reset that follows it. */
  private final CancelMessage cancels;

  StreamConnection(RemoteStreamSession session, Object lock, Channel channel,
      StreamOptions options, ResultDemand demand, ListenerQueue callbacks) {
    this.session = session;
    this.lock = lock;
    this.channel = channel;
    this.demand = demand;
    this.resumable = options.resumable();
    this.callDeadline = options.callDeadline();
    this.dropConnections = options.dropConnections();
    this.resets = new CallResets(lock);
    this.cancels = new CancelMessage(lock, resets);
    this.window = new ResumeWindow(lock);
    this.silence = new SilenceWatch(lock, options.silenceLimit().toNanos(), demand);
    this.sends = new StreamSends(session, lock, resets, silence);
    this.resume = new StreamResume(this, session, lock, sends, window, resets, silence,
        callbacks, options.connections());
  }

  /**
   * {@return a stub for the session's calls, with the session's deadline if it has one} A
   * resumable session's calls carry none: a server keeps a resumable session whose call ends
   * without a word, as one that passed its deadline does, for a resume that will not come. Its
   * deadline is kept by {@link #deadlinePassed} instead, which tells the server to end it.
   */
  private PipelineServiceGrpc.PipelineServiceStub stub() {
    PipelineServiceGrpc.PipelineServiceStub stub = PipelineServiceGrpc.newStub(channel);
    return resumable ? stub : callDeadline.map(stub::withDeadline).orElse(stub);
  }

  /**
   * Starts the session's first call, and sends {@code open} on it unless the session has
   * failed already: a resumable session's deadline may pass before the open goes out, and
   * then the failure is the deadline's and the call is reset.
   */
  void start(StreamRequest open) {
    StreamResponses first = session.newResponses();
    synchronized (lock) {
      current = first;
    }
    stub().streamPipeline(first);
    demand.started(first.call());
    if (resumable && callDeadline.isPresent()) {
      // Once the call is there for the timer to cancel; the deadline has passed when it runs.
      ScheduledFuture<?> timer = SdkTimer.scheduleNanos(this::deadlinePassed,
          callDeadline.get().timeRemaining(TimeUnit.NANOSECONDS));
      session.ended().whenComplete((result, failure) -> timer.cancel(false));
    }
    session.ended().whenComplete((result, failure) -> window.sessionEnded());
    synchronized (lock) {
      if (!session.hasFailedLocked()) {
        sends.sendOpenLocked(open);
      }
    }
  }

  /** Resets the current call, as the session does when it fails at the client. */
  void reset(String reason, Throwable cause) {
    resets.reset(sends.call(), reason, cause);
  }

  /**
   * A resumable session's deadline passed before it ended: fails it with DEADLINE_EXCEEDED,
   * and cancels it as {@link #cancel()} does, so that its server ends it rather than keep it
   * for a resume; a resume in flight is cancelled too.
   */
  private void deadlinePassed() {
    ClientCallStreamObserver<StreamRequest> resumeCall;
    synchronized (lock) {
      if (session.hasEndedLocked()) {
        return;
      }
      resumeCall = resume.takeCallLocked();
      cancels.waitAtLeastLocked(window.lengthMsLocked());
    }
    session.terminate(new RemoteMediaException(Status.Code.DEADLINE_EXCEEDED,
        PipelineException.builder(ErrorKind.TIMEOUT, "the stream did not end within its"
            + " deadline; it was cancelled")));
    if (resumeCall != null) {
      resets.reset(resumeCall, "the deadline passed", null);
    }
    cancel();
  }

  /**
   * {@return the messages {@code call} may deliver before the consumer takes any} Called from
   * the call's {@code beforeStart}: {@code call} becomes the current call.
   */
  int starting(ClientCallStreamObserver<StreamRequest> call) {
    sends.starting(call);
    return demand.beforeStart(call);
  }

  /** The current call can take a message: wakes the sends waiting for it. */
  void callReady() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * {@return whether {@code responses} observes the current call} If it does, the server was
   * just heard from on it.
   */
  boolean heardOn(StreamResponses responses) {
    synchronized (lock) {
      if (current != responses) {
        return false;
      }
      silence.restartLocked();
      return true;
    }
  }

  /** {@return whether {@code responses} observes the current call} */
  boolean isCurrent(StreamResponses responses) {
    synchronized (lock) {
      return current == responses;
    }
  }

  /** {@return the current call, and what goes out on it} */
  StreamSends sends() {
    return sends;
  }

  /** {@return whether the server gave a resume token} Called with the lock held. */
  boolean isResumableLocked() {
    return resume.isResumableLocked();
  }

  /** {@return whether the server's {@code ready} arrived: it has answered this session} */
  boolean isOpen() {
    return opened.isDone() && !opened.isCompletedExceptionally();
  }

  /** {@return the future of the session's id, which the server's {@code ready} completes} */
  CompletableFuture<String> opened() {
    return opened;
  }

  /**
   * The server's {@code ready}: the session is open. Keeps the resume token if the client asked
   * for resuming.
   */
  void ready(StreamReady ready) {
    boolean resumes;
    synchronized (lock) {
      resume.tokenLocked(resumable ? ready.getResumeToken() : "");
      window.lengthMsLocked(ready.getResumeWindowMs());
      resumes = resume.isResumableLocked();
      sends.keepChunksLocked(resumes);
    }
    if (resumes) {
      silence.start(this::checkSilence, session.ended());
    }
    opened.complete(ready.getSessionId());
  }

  /**
   * Takes the current call as broken once it has waited for the server for the silence limit
   * and heard nothing: cancels it, has the channel connect anew, and resumes. Runs on the
   * timer thread when the limit would pass for a wait that began when it last ran, and again
   * when it would pass for the wait it finds: never before, and without polling.
   */
  private void checkSilence() {
    long now = System.nanoTime();
    ClientCallStreamObserver<StreamRequest> silent;
    synchronized (lock) {
      if (session.hasEndedLocked()) {
        return;
      }
      Optional<RemoteMediaException> overdue = silence.overdueLocked(awaitedLocked(), now);
      if (overdue.isEmpty()) {
        return;
      }
      RemoteMediaException cause = overdue.get();
      boolean connected = sends.isConnectedLocked();
      ClientCallStreamObserver<StreamRequest> resumeCall = resume.takeCallLocked();
      silent = connected ? sends.call() : resumeCall;
      resets.noteLocked(silent);
      // The silent call's end, which its cancel brings, is not the session's.
      current = null;
      if (connected) {
        resume.disconnectedLocked(cause);
      } else {
        resume.laterLocked(0);
      }
      silence.rearmLocked();
    }
    silent.cancel("the server sent nothing for the stream silence limit", null);
    dropConnections.run();
  }

  /**
   * {@return what the current call waits for from the server, in words, or null if nothing:
   * {@code resumed} on a resume call; the results of the chunks it sent, or its {@code
   * closed}, on a connected call whose consumer leaves room for them} Called with the lock
   * held.
   */
  private String awaitedLocked() {
    if (!sends.isConnectedLocked()) {
      return resume.isInFlightLocked() ? "an answer to its resume" : null;
    }
    return demand.serverMaySend() ? sends.awaitedLocked() : null;
  }

  /**
   * Cancels the current call at the client's request. A resumable session's server is told so
   * by message, and the call half-closed, so that it ends the session instead of keeping it
   * for a resume ({@link CancelMessage}). A call reset already (a bad response, a listener
   * that threw) takes no message: it is left so.
   */
  void cancel() {
    ClientCallStreamObserver<StreamRequest> call;
    synchronized (lock) {
      call = sends.call();
      if (resets.isResetLocked(call) || cancels.isSettledLocked(call)) {
        return;
      }
      if (resume.isResumableLocked() && sends.halfCloseForCancelLocked()) {
        cancels.sendLocked(call);
        return;
      }
    }
    resets.reset(call, "cancelled by the client", null);
  }

  /**
   * The call that {@code responses} observes has ended, as the server ended it or in the
   * transport: the reset that a cancel message on it scheduled is not needed.
   */
  void callEnded(StreamResponses responses) {
    cancels.callEnded(responses.call());
  }

  /**
   * The call that {@code responses} observes failed with {@code t}, reported as {@code error}:
   * the session resumes after a transport failure if it can, and fails otherwise.
   */
  void failed(StreamResponses responses, Throwable t, RemoteMediaException error) {
    RemoteMediaException failure;
    synchronized (lock) {
      if (current != responses) {
        return;
      }
      if (resume.isResumableLocked() && !session.hasEndedLocked()
          && CutCallRetry.isTransportFailure(t)) {
        resume.disconnectedLocked(error);
        return;
      }
      if (!sends.isConnectedLocked() && !session.hasEndedLocked()
          && error.kind() == ErrorKind.BUSY) {
        // A resume the server refused before reading it, as busy (too many calls waiting for
        // their first message): it still keeps the session, so try again after its hint; the
        // resume window's deadline still ends the session.
        resume.laterLocked(window.busyPauseMsLocked(error.retryAfterMs()));
        return;
      }
      failure = window.explainLocked(error);
    }
    session.terminate(failure);
  }

  /** {@return the break the session was resuming from when it ended, if it was resuming} */
  Optional<RemoteMediaException> resumingAfter() {
    return window.outage();
  }

  /** {@code next}, a call that resumes the session, is the current call from now on. */
  void currentLocked(StreamResponses next) {
    current = next;
  }

  /** Starts {@code next}, a call that resumes the session. */
  void startResumeCall(StreamResponses next) {
    // Waits for the channel to reconnect rather than failing at once; the resume window's
    // deadline cancels the call if that takes too long.
    stub().withWaitForReady().streamPipeline(next);
    demand.started(next.call());
  }

  /**
   * The server continues the session on {@code call}, which resumed it ({@link
   * StreamResume#resumed}).
   *
   * @throws PipelineException PROTOCOL_MISMATCH if the session was not resuming
   */
  void resumed(StreamResumed resumed, ClientCallStreamObserver<StreamRequest> call) {
    resume.resumed(resumed, call);
  }
}
