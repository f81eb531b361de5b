package io.remotemedia.server;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;

/**
 * A stream that passes every call to a real one; a test overrides only the method it watches
 * or holds, as {@link ForwardingPipelineRunner} does for runners. Not thread-safe, like the
 * streams it wraps.
 */
public abstract class ForwardingPipelineStream implements PipelineStream {
  private final PipelineStream delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingPipelineStream(PipelineStream delegate) {
    this.delegate = delegate;
  }

  @Override
  public String sessionId() {
    return delegate.sessionId();
  }

  @Override
  public StreamResult push(long sequence, AudioBuffer chunk) {
    return delegate.push(sequence, chunk);
  }

  @Override
  public ExecutionResult finish() {
    return delegate.finish();
  }

  @Override
  public void cancel() {
    delegate.cancel();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
