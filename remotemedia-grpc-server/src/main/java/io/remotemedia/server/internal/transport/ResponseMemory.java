package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.BufferMemory;

/**
 * Where an ExecutePipeline response is counted from the moment it is built until the transport
 * has written it or the call has ended: a response waits in Netty's buffers for as long as its
 * client does not read, after the pipeline's own memory was given back. Counted in the runner's
 * {@link BufferMemory}, responses that clients leave unread make new calls wait or be refused
 * (BUSY) instead of adding up past {@code limits.total_memory_bytes}.
 */
@FunctionalInterface
public interface ResponseMemory {
  /** Counts nothing: for a runner whose memory the server does not know. */
  ResponseMemory UNCOUNTED = bytes -> () -> { };

  /**
   * Counts {@code bytes} of a response until the returned hold is closed.
   *
   * @param bytes the response's serialized size
   * @return the hold to close when the response is gone
   */
  BufferMemory.Hold hold(long bytes);

  /**
   * {@return responses counted in {@code memory}}
   *
   * @param memory the runner's buffer memory
   */
  static ResponseMemory in(BufferMemory memory) {
    return memory::hold;
  }
}
