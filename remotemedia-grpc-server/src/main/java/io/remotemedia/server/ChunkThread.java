package io.remotemedia.server;

/** Where the chunks (and the close) of an open StreamPipeline session are processed. */
public enum ChunkThread {
  /**
   * On the transport thread that read the chunk, at once: no hand-off to another thread and
   * back, which costs more than a small chunk's processing and makes chunks queue behind each
   * other under load. While a chunk is processed, that transport thread serves no other call,
   * so this suits pipelines that take well under a millisecond per chunk.
   */
  TRANSPORT,
  /** On the worker pool, behind the work already queued there, as unary requests are. */
  WORKERS
}
