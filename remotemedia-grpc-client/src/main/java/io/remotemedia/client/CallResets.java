package io.remotemedia.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.remotemedia.proto.StreamRequest;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The calls of one {@link RemoteStreamSession} that were reset, or are about to be, and the
 * sends that skip them. grpc-java refuses any message on a call once it is cancelled, with an
 * {@code IllegalStateException} that is no failure of the session. So a call is noted here,
 * under the session's lock, before it is cancelled, and every message goes out under the same
 * lock, through {@link #sendLocked}, on a call not so noted.
 *
 * <p>Guarded by the session's lock: methods named {@code ...Locked} are called with it held,
 * and {@link #reset} takes it itself, only to note the call, and cancels the call after
 * releasing it. A session has few calls, so the set stays small.
 */
final class CallResets {
  private final Object lock;
  /** The calls reset, or about to be: no message goes out on them. */
  private final Set<ClientCallStreamObserver<StreamRequest>> resetCalls =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** @param lock the session's lock, which guards the calls noted here */
  CallResets(Object lock) {
    this.lock = lock;
  }

  /** Sends {@code message} on {@code call}, unless the call was reset. */
  void sendLocked(ClientCallStreamObserver<StreamRequest> call, StreamRequest message) {
    if (!resetCalls.contains(call)) {
      call.onNext(message);
    }
  }

  /** {@return whether {@code call} was reset, or is about to be} */
  boolean isResetLocked(ClientCallStreamObserver<StreamRequest> call) {
    return resetCalls.contains(call);
  }

  /** Notes {@code call} as reset: the caller cancels it once it has released the lock. */
  void noteLocked(ClientCallStreamObserver<StreamRequest> call) {
    resetCalls.add(call);
  }

  /** Resets {@code call}: no message goes out on it from now on. Takes the lock to note it. */
  void reset(ClientCallStreamObserver<StreamRequest> call, String reason, Throwable cause) {
    synchronized (lock) {
      resetCalls.add(call);
    }
    call.cancel(reason, cause);
  }
}
