package io.remotemedia.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.concurrent.ScheduledFuture;

/**
 * The client's cancel of a resumable {@link RemoteStreamSession}, told to its server by
 * message. A reset alone would have the server keep the session for a resume; the {@code
 * cancel} message and a half-close have it end the session instead. The call is reset {@link
 * #RESET_DELAY_MS} later, if the server has not ended it by then. Not at once: Netty drops a
 * stream's DATA not yet written when the stream is reset, so the server would see the reset
 * alone and keep the session.
 *
 * <p>The reset to come leaves the timer once the server ends the call ({@link #callEnded}):
 * after a deadline it waits for the server's resume window ({@link #waitAtLeastLocked}), which
 * may be hours, and it holds the call, and through it the session, until it runs.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * the others take it themselves.
 */
final class CancelMessage {
  /**
   * How long after a resumable session's cancel message its call is reset, if the server has
   * not ended it by then, in ms.
   */
  static final long RESET_DELAY_MS = 1_000;

  private final Object lock;
  private final CallResets resets;
  /** The call the cancel message went out on, if one did. */
  private ClientCallStreamObserver<StreamRequest> sentOn;
  /** The reset of {@link #sentOn} to come, until it comes or the call ends first. */
  private ScheduledFuture<?> reset;
  /** The call whose end was last told ({@link #callEnded}): nothing is left to cancel on it. */
  private ClientCallStreamObserver<StreamRequest> endedCall;
  /** How long after the cancel message its call is reset, in ms. */
  private long resetDelayMs = RESET_DELAY_MS;

  /**
   * @param lock the session's lock, which guards what is kept here
   * @param resets resets the call the message went out on, once the delay has passed
   */
  CancelMessage(Object lock, CallResets resets) {
    this.lock = lock;
    this.resets = resets;
  }

  /**
   * {@return whether nothing is left to cancel on {@code call}: the message went out on it
   * already, and its reset is scheduled (a reset now would beat the message), or it ended}
   * A reset scheduled for a call that ended would not leave the timer until it ran.
   */
  boolean isSettledLocked(ClientCallStreamObserver<StreamRequest> call) {
    return sentOn == call || endedCall == call;
  }

  /** Sends the cancel message and the half-close on {@code call}, and schedules its reset. */
  void sendLocked(ClientCallStreamObserver<StreamRequest> call) {
    sentOn = call;
    call.onNext(StreamWire.cancel("cancelled by the client"));
    call.onCompleted();
    reset = SdkTimer.schedule(
        () -> resets.reset(call, "cancelled by the client", null), resetDelayMs);
  }

  /**
   * Has a cancel message sent from now on wait for the server at least {@code windowMs}, its
   * resume window, before its reset: after a deadline, the server reads the cancel once the
   * chunks before it are processed, which may take longer than a user's cancel allows, and a
   * reset before then would have it keep the session for that window.
   */
  void waitAtLeastLocked(long windowMs) {
    resetDelayMs = Math.max(RESET_DELAY_MS, windowMs);
  }

  /**
   * {@code call} has ended, as the server ended it or in the transport: the reset that a
   * cancel message on it scheduled is not needed.
   */
  void callEnded(ClientCallStreamObserver<StreamRequest> call) {
    ScheduledFuture<?> due;
    synchronized (lock) {
      endedCall = call;
      if (reset == null || sentOn != endedCall) {
        return;
      }
      due = reset;
      reset = null;
    }
    due.cancel(false);
  }
}
