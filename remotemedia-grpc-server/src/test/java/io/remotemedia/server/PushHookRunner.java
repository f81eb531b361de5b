package io.remotemedia.server;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import java.util.function.LongConsumer;

/**
 * A runner whose streams run {@code beforePush} with each chunk's sequence before they process
 * it, so that a test can hold a stream at a chunk of its choice (on the thread the server
 * processes the chunk on). Everything else goes to the delegate.
 */
final class PushHookRunner extends ForwardingPipelineRunner {
  private final LongConsumer beforePush;

  PushHookRunner(PipelineRunner delegate, LongConsumer beforePush) {
    super(delegate);
    this.beforePush = beforePush;
  }

  @Override
  public PipelineStream openStream(OpenStreamRequest request) {
    return new ForwardingPipelineStream(super.openStream(request)) {
      @Override
      public StreamResult push(long sequence, AudioBuffer chunk) {
        beforePush.accept(sequence);
        return super.push(sequence, chunk);
      }
    };
  }
}
