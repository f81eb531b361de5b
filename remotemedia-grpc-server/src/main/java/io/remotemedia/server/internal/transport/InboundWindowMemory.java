package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;

/**
 * Counts an open stream's HTTP/2 receive window in the runner's buffer memory ({@code
 * total_memory_bytes}): the chunks a client sends ahead of what its session has asked for stay
 * in the transport's buffers (direct memory) until the session reads them, and a client that
 * does not read its results stops the session from reading while it goes on sending. Each open
 * stream may so hold up to its window ({@code server.flow_control_window_bytes}) of chunks, in
 * slices that keep whole read buffers: about twice that in direct memory, which is what it
 * reserves.
 * Before it was counted, 48 such streams held 881 MB of direct memory that {@code
 * pipeline_memory_used_bytes} did not show (3.3 MB), and 120 exhausted a 1 GiB server's. A
 * stream reserves it when it opens, or is refused BUSY, as any call is when the memory is
 * taken. Stateless.
 */
final class InboundWindowMemory {
  /** What an open stream reserves per byte of its window: the chunks and their read buffers. */
  static final int RESERVED_PER_WINDOW_BYTE = 2;
  /** How long a stream refused for the window's memory should wait before it reopens. */
  private static final long NO_ROOM_RETRY_AFTER_MS = 100;

  private InboundWindowMemory() {}

  /**
   * Reserves a stream's window in {@code memory}: {@value #RESERVED_PER_WINDOW_BYTE} times
   * {@code windowBytes}, or the whole bound when it is smaller, so that a stream alone always
   * fits.
   *
   * @param windowBytes the stream's HTTP/2 receive window, in bytes
   * @return the reservation, to close when the stream ends
   * @throws PipelineException BUSY naming {@code total_memory_bytes} when what all calls hold
   *     leaves no room for it
   */
  static BufferMemory.Hold reserve(BufferMemory memory, int windowBytes) {
    long bytes = Math.min((long) RESERVED_PER_WINDOW_BYTE * windowBytes, memory.limitBytes());
    return memory.tryHold(bytes).orElseThrow(() -> noRoom(memory, bytes, windowBytes));
  }

  private static PipelineException noRoom(BufferMemory memory, long bytes, int windowBytes) {
    long used = memory.usedBytes();
    return PipelineException.builder(ErrorKind.BUSY, "a stream reserves " + bytes + " bytes"
            + " for the chunks its client may send ahead (its HTTP/2 receive window of "
            + windowBytes + " bytes, in the transport's buffers), and"
            + " all calls together hold " + used + " of the " + memory.limitBytes() + " bytes"
            + " this server allows them (" + DecodedInputMemory.TOTAL_MEMORY + "); retry after "
            + NO_ROOM_RETRY_AFTER_MS + " ms")
        .retryAfterMs(NO_ROOM_RETRY_AFTER_MS)
        .limit(new LimitViolation(DecodedInputMemory.TOTAL_MEMORY, memory.limitBytes(),
            used + bytes))
        .build();
  }
}
