package io.remotemedia.client;

import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.StreamAudioDecoder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a {@link RemoteStreamSession}'s results, its end and its failure to its consumer, the
 * one way the consumer chose: to the listener, one callback at a time on the session's {@link
 * ListenerQueue}, or into the inbox that {@link ResultIterator} and {@link ResultPublisher}
 * take from, which ends with {@link #END} or the session's failure. The session's
 * {@code closed} future completes in order with them, after every earlier result.
 *
 * <p>The inbox, the consumer's choice and the publisher are guarded by the session's lock,
 * which the iterator waits on: methods named {@code ...Locked} are called with it held, the
 * others take it themselves, and publishers are drained after it is released.
 */
final class ResultDelivery {
  /** Marks the end of the results in the inbox. */
  static final Object END = new Object();

  /** How the consumer takes the results. */
  enum Mode { UNCHOSEN, LISTENER, ITERATOR, PUBLISHER }

  private final Object lock;
  /** The manifest the stream was opened with: it types the nodes' data outputs. */
  private final PipelineManifest manifest;
  /**
   * Decodes the coded sinks' results, one decoder per sink for the session: used only on the
   * call's callback thread, one result at a time, each result once (a replayed duplicate is
   * dropped before decoding), so Opus state stays in step with the server's encoder.
   */
  private final Map<String, StreamAudioDecoder> outputDecoders = new HashMap<>();
  private final StreamListener listener;
  private final ListenerQueue callbacks;
  private final ResultDemand demand;
  private final CompletableFuture<ExecutionResult> closed = new CompletableFuture<>();

  /**
   * Whether the listener has had its end, onClosed or onError: nothing follows it. Confined to
   * the listener's queue, whose callbacks run one at a time.
   */
  private boolean listenerEnded;

  // Guarded by the session's lock.
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private Mode mode;
  private ResultPublisher publisher;

  /**
   * @param lock the session's lock
   * @param listener the listener given at open, or null
   */
  ResultDelivery(Object lock, PipelineManifest manifest, StreamListener listener,
      ListenerQueue callbacks, ResultDemand demand) {
    this.lock = lock;
    this.manifest = manifest;
    this.listener = listener;
    this.callbacks = callbacks;
    this.demand = demand;
    this.mode = listener == null ? Mode.UNCHOSEN : Mode.LISTENER;
  }

  /** {@return the future of the session's tails and metrics} */
  CompletableFuture<ExecutionResult> closed() {
    return closed;
  }

  /** The consumer takes the results the {@code wanted} way, unless it chose another already. */
  void choose(Mode wanted) {
    synchronized (lock) {
      if (mode != Mode.UNCHOSEN) {
        throw new IllegalStateException("results are already consumed through "
            + mode.name().toLowerCase() + "; choose one of listener, results() or publisher()");
      }
      mode = wanted;
    }
  }

  /** {@return the publisher of the results, cancelling {@code session} when cancelled} */
  ResultPublisher publisher(RemoteStreamSession session) {
    synchronized (lock) {
      publisher = new ResultPublisher(session, this);
      return publisher;
    }
  }

  /**
   * For ResultIterator: waits for the next inbox item without taking it; throws the session's
   * failure when that is next.
   */
  Object awaitHead() {
    synchronized (lock) {
      while (inbox.isEmpty()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw RemoteStreamSession.interrupted(e);
        }
      }
      Object head = inbox.peek();
      if (head instanceof RemoteMediaException error) {
        throw error;
      }
      return head;
    }
  }

  // For ResultPublisher and ResultIterator: take the next inbox item if the consumer may have it.
  Object pollFor(long demand) {
    synchronized (lock) {
      Object head = inbox.peek();
      if (head == null || (head instanceof StreamResult && demand == 0)) {
        return null;
      }
      return inbox.poll();
    }
  }

  /** For ResultPublisher and ResultIterator: the consumer took a result. */
  void resultTaken() {
    demand.taken();
  }

  /** A result arrived, not a replayed duplicate: decodes it and hands it to the consumer. */
  void result(io.remotemedia.proto.StreamResult received) {
    StreamResult result = StreamWire.fromProto(received, manifest, outputDecoders);
    demand.received();
    if (listener != null) {
      // Off grpc's thread: a listener that blocks must not hold back the call's end.
      callbacks.run(() -> {
        if (!listenerEnded) {
          listener.onResult(result);
          demand.taken();
        }
      });
    } else {
      deliver(result);
    }
  }

  /** {@return the tails and metrics of the server's {@code closed}, decoded} */
  ExecutionResult decode(StreamClosed received) {
    return StreamWire.fromProto(received, manifest, outputDecoders);
  }

  /** The session closed normally with {@code result}: the end, after every result. */
  void closedWith(ExecutionResult result) {
    deliver(END);
    end(() -> closed.complete(result), () -> listener.onClosed(result));
  }

  /** The server is draining and ends the stream in {@code deadlineMs}. */
  void draining(long deadlineMs) {
    if (listener != null) {
      callbacks.run(() -> {
        if (!listenerEnded) {
          listener.onDraining(deadlineMs);
        }
      });
    }
  }

  /**
   * A listener callback threw {@code error}'s cause, which cancels the session: on the
   * listener's queue, where the callback ran, its end comes now and is this failure, even if
   * the server's {@code closed} is already queued behind it. Nothing more reaches the listener;
   * if its end had come already (its onClosed or onError threw), nothing changes.
   *
   * @param error the session's CANCELLED failure
   */
  void listenerThrew(RemoteMediaException error) {
    if (listenerEnded) {
      return;
    }
    listenerEnded = true;
    try {
      listener.onError(error);
    } catch (RuntimeException | Error thrownAgain) {
      // Thrown from here it would leave the queue stuck, marked running (see ListenerQueue).
      error.addSuppressed(thrownAgain);
    } finally {
      // After onError, so that finish() hears the failure with what onError threw.
      closed.completeExceptionally(error);
    }
  }

  /**
   * Adds {@code item} to the inbox and wakes the consumer waiting for it. Called with the lock
   * held.
   *
   * @return the publisher to drain once the lock is released, or null
   */
  ResultPublisher addLocked(Object item) {
    inbox.add(item);
    lock.notifyAll();
    return publisher;
  }

  /**
   * The session failed with {@code error}, which {@link #addLocked} queued: the consumer hears
   * it after the results before it.
   *
   * @param toSignal what {@link #addLocked} returned
   */
  void failed(RemoteMediaException error, ResultPublisher toSignal) {
    end(() -> closed.completeExceptionally(error), () -> listener.onError(error));
    if (toSignal != null) {
      toSignal.drain();
    }
  }

  /** Completes the {@code closed} future, and tells the listener if there is one. */
  private void end(Runnable completeClosed, Runnable tellListener) {
    if (listener != null) {
      // After the results already queued for the listener, as the listener's contract says.
      callbacks.run(() -> {
        if (!listenerEnded) {
          listenerEnded = true;
          completeClosed.run();
          tellListener.run();
        }
      });
    } else {
      completeClosed.run();
    }
  }

  private void deliver(Object item) {
    ResultPublisher toSignal;
    synchronized (lock) {
      toSignal = addLocked(item);
    }
    if (toSignal != null) {
      toSignal.drain();
    }
  }
}
