package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;

/**
 * One StreamPipeline call's observer: installs the call's ready, cancel and close handlers and
 * hands every callback, naming this call, to the {@link StreamSession} that answers it; keeps
 * a window's memory counted until the call's stream has ended in the transport ({@link
 * #holdUntilEnded}). That is the
 * session started for the call until its first message resumes a kept session; from then on it
 * is the kept one ({@link #forwardTo}). A session ignores callbacks of a call it is no longer
 * attached to. Thread-safe: the transport's callbacks may come on any thread.
 */
final class StreamCall implements StreamObserver<StreamRequest> {
  private final ServerCallStreamObserver<StreamResponse> call;
  /** The session this call's callbacks go to; set once more when the call resumes another. */
  private volatile StreamSession session;
  // Guarded by this.
  private boolean transportEnded;
  private BufferMemory.Hold heldUntilEnded;

  StreamCall(ServerCallStreamObserver<StreamResponse> call, StreamSession session) {
    this.call = call;
    this.session = session;
  }

  /** {@return the call this observer was created for} */
  ServerCallStreamObserver<StreamResponse> call() {
    return call;
  }

  /** Installs the call's handlers, which go to the session as the callbacks do. */
  void installHandlers() {
    call.setOnReadyHandler(() -> session.onReady(call));
    call.setOnCancelHandler(() -> {
      transportEnded();
      session.callGone(call, "the client cancelled the call or disconnected");
    });
    // Its trailers are written: the stream's buffers go with it (reset, if the client was
    // still sending: StreamResetAfterTrailers).
    call.setOnCloseHandler(this::transportEnded);
  }

  /**
   * Gives {@code hold} back once the call has ended in the transport, at once if it has: when
   * a session ends its call, the chunks its client sent ahead stay in the transport's buffers
   * until the trailers are written, which waits for a client that reads nothing to read. Given
   * back when the session ended, a window's memory left the budget while it still held direct
   * memory: clients that opened streams, filled them and never read took a server's direct
   * memory to its limit, the budget at 122 of 268 MB (found by an attack, 2026-12-07).
   *
   * @param hold the memory of the stream's receive window
   */
  void holdUntilEnded(BufferMemory.Hold hold) {
    synchronized (this) {
      if (!transportEnded) {
        heldUntilEnded = hold;
        return;
      }
    }
    hold.close();
  }

  private void transportEnded() {
    BufferMemory.Hold held;
    synchronized (this) {
      transportEnded = true;
      held = heldUntilEnded;
      heldUntilEnded = null;
    }
    if (held != null) {
      held.close();
    }
  }

  /** This call resumed {@code into}: every callback goes there from now on. */
  void forwardTo(StreamSession into) {
    session = into;
  }

  @Override
  public void onNext(StreamRequest message) {
    session.receive(call, message);
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled the call or went away: stop the work, nobody is listening.
    session.callGone(call, "the call ended: " + t.getMessage());
  }

  @Override
  public void onCompleted() {
    session.halfClosed(call);
  }
}
