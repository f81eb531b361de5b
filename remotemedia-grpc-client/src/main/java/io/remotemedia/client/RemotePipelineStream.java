package io.remotemedia.client;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import java.util.Iterator;

/**
 * The synchronous {@link PipelineStream} over a {@link RemoteStreamSession}: each push sends
 * one chunk and waits for its result, so at most one chunk is in flight. Not thread-safe, like
 * every {@link PipelineStream}; {@link #cancel()} may be called from any thread.
 */
final class RemotePipelineStream implements PipelineStream {
  private final RemoteStreamSession session;
  private final Iterator<StreamResult> results;
  private boolean finished;

  RemotePipelineStream(RemoteStreamSession session) {
    this.session = session;
    this.results = session.results();
  }

  @Override
  public String sessionId() {
    return session.sessionId();
  }

  @Override
  public StreamResult push(long sequence, AudioBuffer chunk) {
    requireNotFinished();
    session.send(sequence, chunk);
    return awaitResult();
  }

  @Override
  public StreamResult push(long sequence, EncodedAudio chunk) {
    requireNotFinished();
    session.send(sequence, chunk);
    return awaitResult();
  }

  /**
   * Interrupting the thread cancels the stream, as it cancels a blocking unary call. Called
   * again, it returns the same result.
   *
   * @throws RemoteMediaException the session's failure, or CANCELLED when interrupted (the
   *     interrupt flag stays set)
   */
  @Override
  public ExecutionResult finish() {
    ExecutionResult result = session.awaitFinish();
    finished = true;
    return result;
  }

  /** A chunk after finish is a mistake of the caller's, as on a local stream. */
  private void requireNotFinished() {
    if (finished) {
      throw new IllegalStateException("stream " + sessionId() + " has finished; no chunk may"
          + " follow finish(): open a new stream");
    }
  }

  /** Waits for the result of the chunk just sent; a wait that fails cancels the stream. */
  private StreamResult awaitResult() {
    try {
      // Results come in order and this is the only chunk in flight: the next one answers it.
      return results.next();
    } catch (RemoteMediaException e) {
      // Interrupted, the chunk's result is still on its way: the next push would return it as
      // its own. A session that failed is ended already, and cancelling it changes nothing.
      session.cancel();
      throw e;
    }
  }

  @Override
  public void cancel() {
    session.cancel();
  }

  @Override
  public void close() {
    if (!finished) {
      session.cancel();
    }
  }
}
