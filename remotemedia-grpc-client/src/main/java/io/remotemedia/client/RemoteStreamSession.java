package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.StreamAudioDecoder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import io.remotemedia.proto.internal.wire.AudioWire;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
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

  private enum Mode { UNCHOSEN, LISTENER, ITERATOR, PUBLISHER }

  /** Marks the end of the results in the inbox. */
  static final Object END = new Object();

  private final Channel channel;
  private final AudioFormat inputFormat;
  /** The manifest the stream was opened with: it types the nodes' data outputs. */
  private final PipelineManifest manifest;
  private final int prefetch;
  private final boolean resumable;
  private final StreamConnectionListener connections;
  private final Object lock = new Object();
  private final Object sendLock = new Object();
  private final CompletableFuture<ExecutionResult> closed = new CompletableFuture<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final StreamListener listener;
  private final ListenerQueue callbacks = new ListenerQueue(this::listenerFailed);
  private final ResultDemand demand;
  /**
   * Decodes the coded sinks' results, one decoder per sink for the session: used only on the
   * call's callback thread, one result at a time, each result once (a replayed duplicate is
   * dropped before decoding), so Opus state stays in step with the server's encoder.
   */
  private final Map<String, StreamAudioDecoder> outputDecoders = new HashMap<>();
  /** The protocol version the session declared: the newest both sides serve. */
  private final String protocolVersion;
  /** The current call: replaced when the session resumes. */
  private volatile ClientCallStreamObserver<StreamRequest> requests;
  private volatile boolean closeSent;

  // Guarded by lock.
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private final UnacknowledgedChunks unacknowledged = new UnacknowledgedChunks();
  /** The observer of the current call; callbacks of an earlier call are ignored. */
  private Responses current;
  private boolean connected = true;
  private boolean closeSentOnCall;
  private String resumeToken = "";
  private long resumeWindowMs;
  private long resultsReceived;
  private int resumeAttempts;
  private ScheduledFuture<?> resumeDeadline;
  private Mode mode;
  private RemoteMediaException failure;
  private boolean closedReceived;
  private long drainingDeadlineMs = -1;
  private ResultPublisher publisher;

  // Guarded by sendLock.
  private long nextSequence;

  private RemoteStreamSession(Channel channel, AudioFormat inputFormat,
      PipelineManifest manifest, StreamListener listener, StreamOptions options,
      String protocolVersion) {
    this.channel = channel;
    this.protocolVersion = protocolVersion;
    this.inputFormat = inputFormat;
    this.manifest = manifest;
    this.listener = listener;
    this.prefetch = options.prefetch();
    this.demand = new ResultDemand(prefetch);
    this.resumable = options.resumable();
    this.connections = options.connections();
    this.mode = listener == null ? Mode.UNCHOSEN : Mode.LISTENER;
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
        new RemoteStreamSession(channel, request.inputFormat(), request.manifest(), listener,
            options, protocolVersion);
    Responses first = session.new Responses();
    synchronized (session.lock) {
      session.current = first;
    }
    PipelineServiceGrpc.newStub(channel).streamPipeline(first);
    session.demand.started(first.call);
    session.requests.onNext(
        StreamWire.open(request, protocolVersion, options.resumable()));
    try {
      session.ready.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (RemoteMediaException) e.getCause();
    } catch (TimeoutException e) {
      session.requests.cancel("no ready within " + openTimeout.toMillis() + " ms", e);
      throw new RemoteMediaException(Status.Code.DEADLINE_EXCEEDED, PipelineException.builder(
          ErrorKind.TIMEOUT, "the server did not open the stream within "
              + openTimeout.toMillis() + " ms").cause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.requests.cancel("interrupted while opening", e);
      throw interrupted(e);
    }
    return session;
  }

  /** {@return the server's id of this session, for logs and support} */
  public String sessionId() {
    return ready.getNow("");
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
      return connected && requests.isReady();
    }
  }

  /**
   * {@return whether the session can survive a broken connection: the client asked for it and
   * the server gave a resume token}
   */
  public boolean isResumable() {
    synchronized (lock) {
      return !resumeToken.isEmpty();
    }
  }

  /**
   * {@return the deadline of a {@code draining} message from the server, in ms, or -1 if the
   * server is not draining}
   */
  public long drainingDeadlineMs() {
    synchronized (lock) {
      return drainingDeadlineMs;
    }
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
      if (closeSent) {
        throw new IllegalStateException("the session is finishing; no chunk may follow finish()");
      }
      awaitReady();
      synchronized (lock) {
        if (failure != null) {
          throw failure;
        }
        if (!resumeToken.isEmpty()) {
          unacknowledged.add(sequence, chunk);
        }
        // A call that broke since awaitReady: the chunk goes out again after the resume.
        if (connected) {
          requests.onNext(StreamWire.chunk(sequence, chunk, resultsReceived));
        }
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
    choose(Mode.ITERATOR);
    return new ResultIterator(this);
  }

  /**
   * {@return the results as a {@link Flow.Publisher} for one subscriber} The subscriber's demand
   * drives what the server sends; it completes after the last result, and fails with the
   * session's {@link RemoteMediaException}. Cancelling the subscription cancels the session.
   *
   * @throws IllegalStateException if results are already consumed another way
   */
  public Flow.Publisher<StreamResult> publisher() {
    choose(Mode.PUBLISHER);
    synchronized (lock) {
      publisher = new ResultPublisher(this);
      return publisher;
    }
  }

  /**
   * Sends {@code close}: the server flushes every node. Returns the future of the tails and
   * the metrics of the whole session; it completes after every result has been consumed, or
   * fails with the session's {@link RemoteMediaException}. Calling it again returns the same
   * future.
   *
   * @return the future of the tails, final data outputs and metrics of the whole session
   */
  public CompletableFuture<ExecutionResult> finish() {
    synchronized (sendLock) {
      if (!closeSent && !closed.isDone()) {
        closeSent = true;
        synchronized (lock) {
          sendCloseIfDue();
        }
      }
      return closed;
    }
  }

  /**
   * Aborts the session: the call is cancelled, the server stops its work and frees the slot,
   * and pending and later operations fail with CANCELLED. Safe from any thread.
   */
  public void cancel() {
    RemoteMediaException cancelled = new RemoteMediaException(Status.Code.CANCELLED,
        PipelineException.builder(ErrorKind.CANCELLED, "the stream was cancelled by the client"));
    terminate(cancelled);
    ClientCallStreamObserver<StreamRequest> call;
    synchronized (lock) {
      call = requests;
      if (!resumeToken.isEmpty() && connected && !closeSentOnCall) {
        // Tells a resumable session's server that this is no broken connection, so it ends
        // the session now instead of keeping it for a resume (if it reads this first).
        call.onNext(StreamWire.cancel("cancelled by the client"));
      }
    }
    call.cancel("cancelled by the client", null);
  }

  /** Cancels the session unless it has closed normally. */
  @Override
  public void close() {
    if (!closed.isDone()) {
      cancel();
    }
  }

  /** Waits for a session future, unwrapping its {@link RemoteMediaException}. */
  static ExecutionResult await(CompletableFuture<ExecutionResult> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw (RemoteMediaException) e.getCause();
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
          throw interrupted(e);
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

  private void choose(Mode wanted) {
    synchronized (lock) {
      if (mode != Mode.UNCHOSEN) {
        throw new IllegalStateException("results are already consumed through "
            + mode.name().toLowerCase() + "; choose one of listener, results() or publisher()");
      }
      mode = wanted;
    }
  }

  private void awaitReady() {
    synchronized (lock) {
      while (failure == null && !(connected && requests.isReady())) {
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

  private void terminate(RemoteMediaException error) {
    ResultPublisher toSignal;
    synchronized (lock) {
      if (failure != null || closedReceived) {
        return;
      }
      failure = error;
      inbox.add(error);
      lock.notifyAll();
      toSignal = publisher;
    }
    ready.completeExceptionally(error);
    if (listener != null) {
      // After the results already queued for the listener, as the listener's contract says.
      callbacks.run(() -> {
        closed.completeExceptionally(error);
        listener.onError(error);
      });
    } else {
      closed.completeExceptionally(error);
    }
    if (toSignal != null) {
      toSignal.drain();
    }
  }

  private void deliver(Object item) {
    ResultPublisher toSignal;
    synchronized (lock) {
      inbox.add(item);
      lock.notifyAll();
      toSignal = publisher;
    }
    if (toSignal != null) {
      toSignal.drain();
    }
  }

  /** A listener callback threw, which its contract forbids: the session is cancelled. */
  private void listenerFailed(RuntimeException e) {
    terminate(new RemoteMediaException(Status.Code.CANCELLED, PipelineException.builder(
        ErrorKind.CANCELLED, "the stream listener threw " + e).cause(e)));
    requests.cancel("the stream listener threw", e);
  }

  /** Sends close and the half-close on the current call once. Called with the lock held. */
  private void sendCloseIfDue() {
    if (closeSent && connected && !closeSentOnCall) {
      closeSentOnCall = true;
      requests.onNext(StreamWire.close());
      requests.onCompleted();
    }
  }

  /**
   * The current call broke in the transport: starts resuming, and fails the session if that
   * does not succeed within the server's resume window. Called with the lock held.
   */
  private void disconnectedLocked(RemoteMediaException cause) {
    String sessionId = sessionId();
    if (connected) {
      connected = false;
      resumeAttempts = 0;
      resumeDeadline = ResumeTimer.schedule(() -> resumeWindowPassed(cause), resumeWindowMs);
      callbacks.run(() -> connections.onDisconnected(sessionId, cause));
    }
    long backoffMs = ResumeTimer.backoffMs(resumeAttempts);
    resumeAttempts++;
    ResumeTimer.schedule(this::resume, backoffMs);
  }

  /** Calls again with the resume token; the server answers {@code resumed}. */
  private void resume() {
    Responses next = new Responses();
    long received;
    String token;
    synchronized (lock) {
      if (failure != null || connected) {
        return;
      }
      current = next;
      closeSentOnCall = false;
      received = resultsReceived;
      token = resumeToken;
    }
    // Waits for the channel to reconnect rather than failing at once; the resume window's
    // deadline cancels the call if that takes too long.
    PipelineServiceGrpc.newStub(channel).withWaitForReady().streamPipeline(next);
    demand.started(next.call);
    next.call.onNext(StreamWire.resume(token, received, ProtocolFeature.RESUMABLE_STREAMS.version()));
  }

  private void resumeWindowPassed(RemoteMediaException cause) {
    ClientCallStreamObserver<StreamRequest> call;
    synchronized (lock) {
      if (connected || failure != null) {
        return;
      }
      call = requests;
    }
    terminate(new RemoteMediaException(cause.code(), PipelineException.builder(ErrorKind.UNAVAILABLE,
        "the connection broke and the stream was not resumed within the server's resume window"
            + " of " + resumeWindowMs + " ms: " + cause.getMessage()).cause(cause)));
    call.cancel("the resume window passed", null);
  }

  private static RemoteMediaException interrupted(InterruptedException e) {
    return new RemoteMediaException(Status.Code.CANCELLED, PipelineException.builder(
        ErrorKind.CANCELLED, "interrupted while waiting on the stream").cause(e));
  }

  /** The call's side: flow-control set-up and every message from the server. */
  private final class Responses
      implements ClientResponseObserver<StreamRequest, StreamResponse> {
    private ClientCallStreamObserver<StreamRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamRequest> call) {
      this.call = call;
      requests = call;
      // One for `ready` (or `resumed`), then up to `prefetch` results ahead of the consumer.
      call.disableAutoRequestWithInitial(demand.beforeStart(call));
      call.setOnReadyHandler(() -> {
        synchronized (lock) {
          lock.notifyAll();
        }
      });
    }

    private boolean isCurrent() {
      synchronized (lock) {
        return current == this;
      }
    }

    @Override
    public void onNext(StreamResponse response) {
      if (!isCurrent()) {
        return;
      }
      try {
        switch (response.getKindCase()) {
          case READY -> {
            synchronized (lock) {
              resumeToken = resumable ? response.getReady().getResumeToken() : "";
              resumeWindowMs = response.getReady().getResumeWindowMs();
            }
            ready.complete(response.getReady().getSessionId());
          }
          case RESUMED -> resumed(response.getResumed());
          case RESULT -> {
            if (!firstReceipt(response.getResult().getSequence())) {
              call.request(1); // A result delivered before the break: once is enough.
              return;
            }
            StreamResult result =
                StreamWire.fromProto(response.getResult(), manifest, outputDecoders);
            demand.received();
            if (listener != null) {
              // Off grpc's thread: a listener that blocks must not hold back the call's end.
              callbacks.run(() -> {
                listener.onResult(result);
                demand.taken();
              });
            } else {
              deliver(result);
            }
          }
          case CLOSED -> {
            ExecutionResult result =
                StreamWire.fromProto(response.getClosed(), manifest, outputDecoders);
            synchronized (lock) {
              closedReceived = true;
            }
            deliver(END);
            if (listener != null) {
              callbacks.run(() -> {
                closed.complete(result);
                listener.onClosed(result);
              });
            } else {
              closed.complete(result);
            }
          }
          case DRAINING -> {
            long deadlineMs = response.getDraining().getDeadlineMs();
            synchronized (lock) {
              drainingDeadlineMs = deadlineMs;
            }
            if (listener != null) {
              callbacks.run(() -> listener.onDraining(deadlineMs));
            }
            call.request(1);
          }
          case KIND_NOT_SET -> { /* A newer server's message kind: ignore it. */ }
        }
      } catch (PipelineException e) {
        // Malformed audio from the server.
        terminate(new RemoteMediaException(Status.Code.INTERNAL,
            PipelineException.builder(e.kind(), "bad response: " + e.getMessage()).cause(e)));
        requests.cancel("bad response from the server", e);
      }
    }

    /** Notes a result's arrival; false for one already received before a resume. */
    private boolean firstReceipt(long sequence) {
      synchronized (lock) {
        if (sequence < resultsReceived) {
          return false;
        }
        resultsReceived = sequence + 1;
        unacknowledged.forgetBefore(resultsReceived);
        return true;
      }
    }

    /** The server continues the session on this call: send again what it has not got. */
    private void resumed(StreamResumed resumed) {
      String sessionId = sessionId();
      synchronized (lock) {
        connected = true;
        resumeDeadline.cancel(false);
        unacknowledged.forgetBefore(resumed.getNextChunkSequence());
        for (UnacknowledgedChunks.Sent chunk : unacknowledged.all()) {
          call.onNext(StreamWire.chunk(chunk.sequence(), chunk.audio(), resultsReceived));
        }
        sendCloseIfDue();
        lock.notifyAll();
      }
      long replayed = resumed.getReplayedResults();
      callbacks.run(() -> connections.onResumed(sessionId, replayed));
    }

    @Override
    public void onError(Throwable t) {
      RemoteMediaException error = t instanceof StatusRuntimeException e
          ? StatusTranslator.translate(e)
          : StatusTranslator.translate(Status.fromThrowable(t).asRuntimeException());
      synchronized (lock) {
        if (current != this) {
          return;
        }
        if (!resumeToken.isEmpty() && failure == null && !closedReceived
            && CutCallRetry.isTransportFailure(t)) {
          disconnectedLocked(error);
          return;
        }
      }
      terminate(error);
    }

    @Override
    public void onCompleted() {
      if (!isCurrent()) {
        return;
      }
      boolean ended;
      synchronized (lock) {
        ended = closedReceived;
      }
      if (!ended) {
        terminate(new RemoteMediaException(Status.Code.INTERNAL, PipelineException.builder(
            ErrorKind.INTERNAL, "the server ended the stream without a closed message")));
      }
    }
  }
}
