package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.proto.internal.wire.AudioWire;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live streaming session on a RemoteMedia server: send chunks as they come, receive each
 * chunk's result through a {@link StreamListener}, a {@link Flow.Publisher} or a blocking
 * {@link Iterator}, then {@link #finish()} for the tails and the final metrics.
 *
 * <pre>{@code
 * try (RemoteStreamSession session = client.openSession(OpenStreamRequest.of(manifest, format))) {
 *   Thread reader = new Thread(() -> session.results().forEachRemaining(r -> play(r)));
 *   reader.start();
 *   while (mic.read(frame)) {
 *     session.send(frame);                         // blocks while the server is not ready
 *   }
 *   ExecutionResult tails = session.finish().get(); // after every result has been read
 *   reader.join();
 * }
 * }</pre>
 *
 * <p>Flow control, both ways: {@code send} blocks while the call is not ready (the server reads
 * one chunk at a time and stops reading while its results are not read), and results are
 * requested from the server only as the consumer takes them, at most {@link #prefetch()} ahead.
 * Nothing buffers without bound on either side.
 *
 * <p>Resuming: a session opened by a client built with {@link
 * RemoteMediaClient.Builder#resumeStreams(boolean) resumeStreams(true)} survives a broken
 * connection when the server keeps sessions ({@code streams.resume_window_ms}). The SDK keeps
 * every chunk whose result has not arrived; when the call fails in the transport (no
 * ErrorDetail from the server) it calls again with the session's resume token, receives the
 * results it missed (each result is delivered once), and sends again the chunks the server had
 * not processed. Sends block meanwhile. A {@link StreamConnectionListener} hears each break
 * and resume; a session not resumed within the server's window fails as the break did
 * (UNAVAILABLE), and one the server no longer knows fails with NOT_FOUND.
 *
 * <p>Choose one way to consume results: a listener given at open, or one call to
 * {@link #results()} or {@link #publisher()}. The {@code closed} message (tails and metrics)
 * arrives after every earlier result has been consumed. Failures are
 * {@link RemoteMediaException}s. Thread-safe: any thread may send (sends are serialized), and
 * {@link #cancel()} works from any thread.
 */
public final class RemoteStreamSession implements AutoCloseable {
  /** Results requested ahead of the consumer by default. */
  public static final int DEFAULT_PREFETCH = 4;

  private final AudioFormat inputFormat;
  private final int prefetch;
  private final Object lock = new Object();
  private final Object sendLock = new Object();
  private final ResultDelivery delivery;
  private final StreamConnection connection;
  private final StreamSends sends;
  private final DrainingNotice draining = new DrainingNotice();
  /** The protocol version the session declared: the newest both sides serve. */
  private final String protocolVersion;

  // Guarded by lock.
  private RemoteMediaException failure;
  private boolean closedReceived;

  // Guarded by sendLock.
  private long nextSequence;
  /** What {@link #finish()} returned, once called. */
  private CompletableFuture<ExecutionResult> finished;

  private RemoteStreamSession(Channel channel, OpenStreamRequest request,
      StreamListener listener, StreamOptions options, String protocolVersion) {
    this.protocolVersion = protocolVersion;
    this.inputFormat = request.inputFormat();
    this.prefetch = options.prefetch();
    ResultDemand demand = new ResultDemand(prefetch);
    ListenerQueue callbacks = new ListenerQueue(this::listenerFailed);
    this.delivery = new ResultDelivery(lock, request.manifest(), listener, callbacks, demand);
    this.connection = new StreamConnection(this, lock, channel, options, demand, callbacks);
    this.sends = connection.sends();
  }

  /**
   * Opens a session and waits up to {@code openTimeout} for the server's {@code ready}.
   *
   * @param protocolVersion the version the session declares, agreed with the server
   * @throws RemoteMediaException when the server refuses the manifest or the format, is busy,
   *     or does not answer in time
   */
  static RemoteStreamSession open(Channel channel, OpenStreamRequest request,
      StreamListener listener, StreamOptions options, String protocolVersion) {
    Duration openTimeout = options.openTimeout();
    RemoteStreamSession session =
        new RemoteStreamSession(channel, request, listener, options, protocolVersion);
    session.connection.start(StreamWire.open(request, protocolVersion, options.resumable()));
    try {
      session.connection.opened().get(openTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw (RemoteMediaException) e.getCause();
    } catch (TimeoutException e) {
      RemoteMediaException timeout = new RemoteMediaException(Status.Code.DEADLINE_EXCEEDED,
          PipelineException.builder(ErrorKind.TIMEOUT, "the server did not open the stream"
              + " within " + MillisText.of(openTimeout) + " (RemoteMediaClient.Builder.deadline):"
              + " the open may have waited in the server's queue, which it shares with the"
              + " executions (the server plans a stream's pipeline in an execution slot); retry"
              + " when the server is less busy, give the client more replicas, or raise the"
              + " deadline").cause(e));
      throw session.abandon("no ready within " + MillisText.of(openTimeout), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw session.abandon("interrupted while opening", interrupted(e));
    }
    return session;
  }

  /** {@return the server's id of this session, for logs and support} */
  public String sessionId() {
    return connection.opened().getNow("");
  }

  /** {@return the format every chunk must have} */
  public AudioFormat inputFormat() {
    return inputFormat;
  }

  /** {@return how many results are requested ahead of the consumer} */
  public int prefetch() {
    return prefetch;
  }

  /** {@return whether a send would go out now, without blocking} */
  public boolean isReady() {
    synchronized (lock) {
      return sends.isReadyLocked();
    }
  }

  /**
   * {@return whether the session can survive a broken connection: the client asked for it and
   * the server gave a resume token}
   */
  public boolean isResumable() {
    synchronized (lock) {
      return connection.isResumableLocked();
    }
  }

  /**
   * {@return the deadline of a {@code draining} message from the server, in ms, or -1 if the
   * server is not draining}
   */
  public long drainingDeadlineMs() {
    return draining.deadlineMs();
  }

  /**
   * {@return the break the session was resuming from when it failed (a broken connection, or
   * a server that fell silent), if it was resuming}
   */
  Optional<RemoteMediaException> resumingAfter() {
    return connection.resumingAfter();
  }

  /** {@return when the server's draining grace period ends by System.nanoTime(), if told} */
  OptionalLong drainingEndsAtNanos() {
    return draining.endsAtNanos();
  }

  /**
   * Sends interleaved float samples in [-1, 1] as the next chunk, in the session's rate and
   * channel count. The array is copied; the caller keeps it.
   *
   * @param interleaved whole frames of samples in [-1, 1]; copied
   * @return the chunk's sequence number
   * @throws IllegalArgumentException if the length is not a whole number of frames
   * @throws RemoteMediaException when the session has failed or was cancelled
   */
  public long send(float[] interleaved) {
    return send(ChunkAudio.ofFloats(inputFormat, interleaved));
  }

  /**
   * Sends the remaining 16-bit PCM samples of {@code pcm16} (interleaved) as the next chunk,
   * advancing its position.
   *
   * @param pcm16 whole frames of 16-bit samples, read from its position to its limit
   * @return the chunk's sequence number
   * @throws IllegalArgumentException if the samples are not a whole number of frames
   * @throws RemoteMediaException when the session has failed or was cancelled
   */
  public long send(ShortBuffer pcm16) {
    return send(ChunkAudio.ofPcm16(inputFormat, pcm16));
  }

  /**
   * Sends {@code chunk} as the next chunk, blocking while the call is not ready.
   *
   * @param chunk audio in the session's input format; the caller must not change it until the call
   *     returns
   * @return the chunk's sequence number
   * @throws RemoteMediaException when the session has failed or was cancelled, or CANCELLED
   *     when interrupted while waiting (the interrupt flag stays set)
   */
  public long send(AudioBuffer chunk) {
    synchronized (sendLock) {
      long sequence = nextSequence;
      send(sequence, chunk);
      return sequence;
    }
  }

  /**
   * Sends coded audio as the next chunk, blocking while the call is not ready: G.711 codes, or
   * raw Opus packets with their lengths (a length of 0 marks a lost packet, which the server
   * conceals) and duration. The server decodes them with one decoder for the whole session,
   * so the packets may be split into chunks in any way. The decoded audio must have the
   * session's rate and channel count; it is declared on the session's sample format.
   *
   * @param chunk the coded audio; the caller must not change its arrays afterwards
   * @return the chunk's sequence number
   * @throws RemoteMediaException when the session has failed or was cancelled (a corrupt
   *     packet fails it with INVALID_ARGUMENT naming the chunk's sequence and the byte offset),
   *     or CANCELLED when interrupted while waiting
   */
  public long send(EncodedAudio chunk) {
    synchronized (sendLock) {
      long sequence = nextSequence;
      send(sequence, chunk);
      return sequence;
    }
  }

  /** Sends a coded chunk with an explicit sequence number (the synchronous stream's push). */
  void send(long sequence, EncodedAudio chunk) {
    if (!protocolVersion.equals(ProtocolFeature.CODED_AUDIO.version())) {
      // A server of an older version would read the coded bytes as PCM.
      throw VersionNegotiation.sessionTooOld(protocolVersion, ProtocolFeature.CODED_AUDIO);
    }
    send(sequence, StreamWire.chunkAudio(chunk, inputFormat.sampleFormat()));
  }

  /** Sends a chunk with an explicit sequence number (the synchronous stream's push). */
  void send(long sequence, AudioBuffer chunk) {
    send(sequence, AudioWire.toProto(chunk));
  }

  private void send(long sequence, io.remotemedia.proto.AudioBuffer chunk) {
    synchronized (sendLock) {
      if (sends.isClosing()) {
        throw new IllegalStateException("the session is finishing; no chunk may follow finish()");
      }
      awaitReady();
      synchronized (lock) {
        if (failure != null) {
          throw failure;
        }
        sends.sendLocked(sequence, chunk);
      }
      nextSequence = sequence + 1;
    }
  }

  /**
   * {@return the results as a blocking iterator: {@code hasNext()} waits for the next result,
   * returns false after the last one, and throws the session's {@link RemoteMediaException} if
   * it failed} Each {@code next()} lets the server send one more result.
   *
   * @throws IllegalStateException if results are already consumed another way
   */
  public Iterator<StreamResult> results() {
    delivery.choose(ResultDelivery.Mode.ITERATOR);
    return new ResultIterator(delivery);
  }

  /**
   * {@return the results as a {@link Flow.Publisher} for one subscriber} The subscriber's demand
   * drives what the server sends; it completes after the last result, and fails with the
   * session's {@link RemoteMediaException}. Cancelling the subscription cancels the session.
   *
   * @throws IllegalStateException if results are already consumed another way
   */
  public Flow.Publisher<StreamResult> publisher() {
    delivery.choose(ResultDelivery.Mode.PUBLISHER);
    return delivery.publisher(this);
  }

  /**
   * Sends {@code close}: the server flushes every node. Returns the future of the tails and
   * the metrics of the whole session; it completes when the server's answer to the close
   * arrives, which it sends after every result (up to {@link #prefetch()} of them may still be
   * waiting to be consumed then), or fails with the session's {@link RemoteMediaException}.
   * Calling it again returns the same future. Cancelling the future cancels the session; a
   * future the caller completes otherwise ({@code orTimeout}) leaves the session as it is, and
   * {@link #close()} still cancels it.
   *
   * @return the future of the tails, final data outputs and metrics of the whole session
   */
  public CompletableFuture<ExecutionResult> finish() {
    synchronized (sendLock) {
      if (finished == null) {
        if (!sends.isClosing() && !delivery.closed().isDone()) {
          sends.close();
        }
        // The caller's own future: what it does to it cannot end the session's, which close()
        // reads to know whether the session closed normally.
        CompletableFuture<ExecutionResult> tails = new CompletableFuture<>();
        delivery.closed().whenComplete((result, error) -> {
          if (error == null) {
            tails.complete(result);
          } else {
            tails.completeExceptionally(error);
          }
        });
        tails.whenComplete((result, error) -> {
          if (tails.isCancelled()) {
            cancel();
          }
        });
        finished = tails;
      }
      return finished;
    }
  }

  /**
   * Aborts the session: the call is cancelled, the server stops its work and frees the slot,
   * and pending and later operations fail with CANCELLED. Safe from any thread.
   */
  public void cancel() {
    terminate(cancelledByClient());
    connection.cancel();
  }

  private static RemoteMediaException cancelledByClient() {
    return new RemoteMediaException(Status.Code.CANCELLED,
        PipelineException.builder(ErrorKind.CANCELLED, "the stream was cancelled by the client"));
  }

  /** Cancels the session unless it has closed normally. */
  @Override
  public void close() {
    if (!delivery.closed().isDone()) {
      cancel();
    }
  }

  /**
   * Finishes the session and waits for its tails, for the blocking callers. Interrupting the
   * waiting thread cancels the session, as it cancels a blocking unary call.
   *
   * @throws RemoteMediaException the session's failure, or CANCELLED when interrupted (the
   *     interrupt flag stays set)
   */
  ExecutionResult awaitFinish() {
    try {
      return finish().get();
    } catch (ExecutionException e) {
      throw (RemoteMediaException) e.getCause();
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  /**
   * {@return {@code failure}, which the session has ended with} An open the caller gave up on:
   * the session ends at once, and its timers with it, rather than once its call's cancel has
   * come back; then the call is reset.
   */
  private RemoteMediaException abandon(String reason, RemoteMediaException failure) {
    terminate(failure);
    connection.reset(reason, failure.getCause());
    return failure;
  }

  /** {@return a future that completes, normally or not, when the session has ended} */
  CompletableFuture<ExecutionResult> ended() {
    return delivery.closed();
  }

  /** {@return the observer of a new call of this session} */
  StreamResponses newResponses() {
    return new StreamResponses(this, connection, delivery, draining);
  }

  /** The server's {@code closed} arrived: the session can no longer fail. */
  void closedReceived() {
    synchronized (lock) {
      closedReceived = true;
    }
  }

  /** {@return whether the server's {@code closed} arrived} */
  boolean hasReceivedClosed() {
    synchronized (lock) {
      return closedReceived;
    }
  }

  /** {@return whether the session has failed} Called with the lock held. */
  boolean hasFailedLocked() {
    return failure != null;
  }

  /** {@return whether the session has failed or closed} Called with the lock held. */
  boolean hasEndedLocked() {
    return failure != null || closedReceived;
  }

  private void awaitReady() {
    synchronized (lock) {
      while (failure == null && !sends.isReadyLocked()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Fails the session with {@code error}, unless it has ended already. */
  void terminate(RemoteMediaException error) {
    ResultPublisher toSignal;
    synchronized (lock) {
      if (hasEndedLocked()) {
        return;
      }
      failure = error;
      toSignal = delivery.addLocked(error);
    }
    connection.opened().completeExceptionally(error);
    delivery.failed(error, toSignal);
  }

  /** A listener callback threw, which its contract forbids: the session is cancelled. */
  private void listenerFailed(Throwable e) {
    RemoteMediaException error = new RemoteMediaException(Status.Code.CANCELLED,
        PipelineException.builder(ErrorKind.CANCELLED, "the stream listener threw " + e)
            .cause(e));
    // Failed first (unless the server's closed came already: then this changes nothing), so
    // that onError and finish() find the session failed; then, on the listener's queue, its end
    // is this failure, whatever the server said.
    terminate(error);
    try {
      delivery.listenerThrew(error);
    } finally {
      connection.reset("the stream listener threw", e);
    }
  }

  /** {@return the CANCELLED failure of a wait on the session that {@code e} interrupted} */
  static RemoteMediaException interrupted(InterruptedException e) {
    return new RemoteMediaException(Status.Code.CANCELLED, PipelineException.builder(
        ErrorKind.CANCELLED, "interrupted while waiting on the stream").cause(e));
  }
}
