package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;

/**
 * The errors with which a server that drains or stops ends a {@link StreamSession}, all of
 * kind DRAINING (UNAVAILABLE with an ErrorDetail of type DRAINING, docs/streaming.md): each
 * tells the client to open its stream again, on another replica if there is one.
 */
final class DrainEndings {
  private DrainEndings() {}

  /** {@return the ending of a session whose call had sent no message when the drain began} */
  static PipelineException unopened() {
    return PipelineException.of(ErrorKind.DRAINING, "the server is shutting down, and this"
        + " stream had not sent its first message (open or resume); send it again, to another"
        + " replica if there is one");
  }

  /**
   * {@return the ending of a session still open when the drain's grace period of {@code
   * graceMs} ran out}
   */
  static PipelineException graceRanOut(long graceMs) {
    return PipelineException.of(ErrorKind.DRAINING, "the server is shutting down and its grace"
        + " period of " + graceMs + " ms has run out; reopen the stream, on another replica if"
        + " there is one");
  }

  /** {@return the ending of a session still open, or kept, when the server stopped} */
  static PipelineException serverStopped() {
    return PipelineException.of(ErrorKind.DRAINING, "the server has stopped; reopen the stream,"
        + " on another replica if there is one");
  }
}
