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
    session.send(sequence, chunk);
    // Results come in order and this is the only chunk in flight: the next one answers it.
    return results.next();
  }

  @Override
  public StreamResult push(long sequence, EncodedAudio chunk) {
    session.send(sequence, chunk);
    return results.next();
  }

  @Override
  public ExecutionResult finish() {
    ExecutionResult result = RemoteStreamSession.await(session.finish());
    finished = true;
    return result;
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
