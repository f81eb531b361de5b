package io.remotemedia.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.StreamWire;

/**
 * The send side of a {@link RemoteStreamSession}: the current call, which chunks and {@code
 * close} go out on, and what goes out again on the call that resumes the session. Each chunk
 * carries the count of results received, which acknowledges them. A resumable session keeps
 * every chunk sent whose result has not arrived ({@link UnacknowledgedChunks}); while it is
 * disconnected nothing goes out, and on the call that resumes it ({@link #resumedLocked}) the
 * chunks the server has not got, and {@code close} if the session was finishing, go out again.
 * Every message goes out under the session's lock, through {@link CallResets}, on a call not
 * reset. Sending a chunk or {@code close} starts the wait for the server's answer, which
 * {@link SilenceWatch} times.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * the others take it themselves. The current call and whether {@code close} was asked for are
 * volatile: readable without it.
 */
final class StreamSends {
  private final RemoteStreamSession session;
  private final Object lock;
  private final CallResets resets;
  private final SilenceWatch silence;
  /** The current call: replaced when the session resumes. */
  private volatile ClientCallStreamObserver<StreamRequest> requests;
  private volatile boolean closeSent;

  // Guarded by the session's lock.
  private final UnacknowledgedChunks unacknowledged = new UnacknowledgedChunks();
  /** Whether chunks are kept until their results arrive: the server gave a resume token. */
  private boolean keepsChunks;
  private boolean connected = true;
  private boolean closeSentOnCall;
  private long resultsReceived;

  /**
   * @param session the session, which says whether it has failed
   * @param lock the session's lock, which guards what is kept here
   * @param resets the calls reset, whose sends are skipped
   * @param silence times the wait for the server that a send starts
   */
  StreamSends(RemoteStreamSession session, Object lock, CallResets resets,
      SilenceWatch silence) {
    this.session = session;
    this.lock = lock;
    this.resets = resets;
    this.silence = silence;
  }

  /** {@code call} is starting: it becomes the current call. */
  void starting(ClientCallStreamObserver<StreamRequest> call) {
    requests = call;
  }

  /** {@return the current call} */
  ClientCallStreamObserver<StreamRequest> call() {
    return requests;
  }

  /** {@return whether the current call is connected: false while the session resumes} */
  boolean isConnectedLocked() {
    return connected;
  }

  /** {@return whether a message would go out now, without blocking} */
  boolean isReadyLocked() {
    return connected && requests.isReady();
  }

  /** Whether every chunk sent from now on is kept until its result arrives, for a resume. */
  void keepChunksLocked(boolean keep) {
    keepsChunks = keep;
  }

  /** Sends the session's {@code open} on the current call. */
  void sendOpenLocked(StreamRequest open) {
    resets.sendLocked(requests, open);
  }

  /**
   * Sends a chunk on the current call, acknowledging the results received, and keeps it for a
   * resume.
   */
  void sendLocked(long sequence, AudioBuffer chunk) {
    if (keepsChunks) {
      if (unacknowledged.size() == 0) {
        silence.restartLocked(); // The wait for an answer starts now.
      }
      unacknowledged.add(sequence, chunk);
    }
    // A call that broke since awaitReady: the chunk goes out again after the resume.
    if (connected) {
      resets.sendLocked(requests, StreamWire.chunk(sequence, chunk, resultsReceived));
    }
  }

  /** {@return whether {@link #close()} was called} */
  boolean isClosing() {
    return closeSent;
  }

  /** Sends close and the half-close, now or on the call that resumes the session. */
  void close() {
    closeSent = true;
    synchronized (lock) {
      sendCloseIfDue();
    }
  }

  /**
   * Sends close and the half-close on the current call once, unless the session has failed.
   * Called with the lock held.
   */
  private void sendCloseIfDue() {
    if (closeSent && connected && !closeSentOnCall && !session.hasFailedLocked()
        && !resets.isResetLocked(requests)) {
      closeSentOnCall = true;
      if (unacknowledged.size() == 0) {
        silence.restartLocked(); // The wait for closed starts now.
      }
      requests.onNext(StreamWire.close());
      requests.onCompleted();
    }
  }

  /**
   * {@return whether the current call may take the cancel message and the half-close: it is
   * connected and not half-closed} If it may, it counts as half-closed from now on.
   */
  boolean halfCloseForCancelLocked() {
    if (connected && !closeSentOnCall) {
      closeSentOnCall = true;
      return true;
    }
    return false;
  }

  /** Notes a result's arrival; false for one already received before a resume. */
  boolean firstReceipt(long sequence) {
    synchronized (lock) {
      if (sequence < resultsReceived) {
        return false;
      }
      resultsReceived = sequence + 1;
      unacknowledged.forgetBefore(resultsReceived);
      return true;
    }
  }

  /**
   * {@return what the connected call waits for from the server, in words, or null if
   * nothing: the results of the chunks it sent, or its {@code closed}}
   */
  String awaitedLocked() {
    int chunks = unacknowledged.size();
    if (chunks > 0) {
      return "the results of " + chunks + (chunks == 1 ? " chunk" : " chunks");
    }
    return closeSentOnCall ? "its closed message" : null;
  }

  /**
   * {@return whether the call was connected until now} The current call broke: sends wait
   * for the call that resumes the session.
   */
  boolean disconnectLocked() {
    if (!connected) {
      return false;
    }
    connected = false;
    return true;
  }

  /**
   * {@return the count of results received, which the resume acknowledges} A new call is to
   * resume the session: it has not been half-closed.
   */
  long resumingLocked() {
    closeSentOnCall = false;
    return resultsReceived;
  }

  /**
   * The server continues the session on {@code call}: sends again the chunks it has not got,
   * from {@code nextChunkSequence} on, and {@code close} if the session was finishing.
   */
  void resumedLocked(ClientCallStreamObserver<StreamRequest> call, long nextChunkSequence) {
    connected = true;
    unacknowledged.forgetBefore(nextChunkSequence);
    for (UnacknowledgedChunks.Sent chunk : unacknowledged.all()) {
      resets.sendLocked(call, StreamWire.chunk(chunk.sequence(), chunk.audio(), resultsReceived));
    }
    sendCloseIfDue();
  }
}
