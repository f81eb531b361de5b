package io.remotemedia.server.internal.transport;

import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamResponse;
import java.util.ArrayDeque;

/**
 * The results of one resumable session that its client has not acknowledged, in sequence
 * order, bounded in bytes: what a resume replays. The client acknowledges with the
 * {@code results_received} count of its chunks and of its {@code resume}. What it keeps
 * counts in the runner's memory bound ({@code limits.total_memory_bytes}), so that many
 * sessions whose clients acknowledge nothing cannot hold more than the bound together: a
 * session reserves its first {@value #RESERVED_BYTES} bytes (at most its own bound) when it
 * opens, refused as BUSY like any open if there is no room, so that a client that acknowledges
 * as it goes (the SDK does with every chunk) is never failed for what other calls hold; what
 * it keeps beyond that counts only while the bound has room, and fails the session as BUSY
 * when it has none. Not thread-safe: the session's lock guards it.
 */
final class ReplayBuffer {
  /** The limit's name in the RESOURCE_EXHAUSTED error, as in the configuration. */
  static final String LIMIT = "streams.resume_buffer_bytes";
  /** How long a session refused for the runner's memory should wait before it reopens. */
  private static final long NO_ROOM_RETRY_AFTER_MS = 100;
  /** What a session reserves when it opens: a few dozen results of 20 ms chunks. */
  static final long RESERVED_BYTES = 64 * 1024;
  private static final BufferMemory.Hold NOTHING = () -> { };

  private record Entry(long sequence, StreamResponse response, int bytes,
      BufferMemory.Hold hold) {}

  private final long maxBytes;
  private final BufferMemory memory;
  private final long reservedBytes;
  private final BufferMemory.Hold reserved;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long bytes;

  /**
   * Reserves the session's first bytes in {@code memory}.
   *
   * @throws PipelineException BUSY naming {@code total_memory_bytes} when it has no room for
   *     them
   */
  ReplayBuffer(long maxBytes, BufferMemory memory) {
    this.maxBytes = maxBytes;
    this.memory = memory;
    this.reservedBytes = Math.min(maxBytes, RESERVED_BYTES);
    this.reserved = memory.tryHold(reservedBytes)
        .orElseThrow(() -> noRoom("a resumable session reserves " + reservedBytes + " bytes",
            reservedBytes));
  }

  /**
   * Keeps a result until it is acknowledged.
   *
   * @throws PipelineException RESOURCE_LIMIT naming {@value #LIMIT} when the results not yet
   *     acknowledged would take more than the bound; BUSY naming {@code total_memory_bytes}
   *     when what all calls hold leaves no room for the result
   */
  void add(StreamResponse result) {
    int size = result.getSerializedSize();
    if (bytes + size > maxBytes) {
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the results this client has"
              + " not acknowledged would take " + (bytes + size) + " bytes, over the limit of "
              + maxBytes + " (" + LIMIT + "); acknowledge results with"
              + " chunk.results_received")
          .limit(new LimitViolation(LIMIT, maxBytes, bytes + size))
          .build();
    }
    // Counted conservatively: a result past the reservation keeps its share counted until it
    // is acknowledged, even if earlier results are acknowledged first.
    long beyond = Math.max(0, bytes + size - reservedBytes) - Math.max(0, bytes - reservedBytes);
    BufferMemory.Hold hold = beyond == 0 ? NOTHING : memory.tryHold(beyond)
        .orElseThrow(() -> noRoom("the results this client has not acknowledged would take "
            + (bytes + size) + " bytes", beyond));
    entries.add(new Entry(result.getResult().getSequence(), result, size, hold));
    bytes += size;
  }

  private PipelineException noRoom(String need, long more) {
    long used = memory.usedBytes();
    return PipelineException.builder(ErrorKind.BUSY, need + ", and all calls together hold "
            + used + " of the " + memory.limitBytes() + " bytes this server allows them"
            + " (total_memory_bytes); acknowledge results with chunk.results_received, or retry"
            + " after " + NO_ROOM_RETRY_AFTER_MS + " ms")
        .retryAfterMs(NO_ROOM_RETRY_AFTER_MS)
        .limit(new LimitViolation("total_memory_bytes", memory.limitBytes(), used + more))
        .build();
  }

  /**
   * Forgets the results before sequence {@code resultsReceived}: the client has them. The count
   * is the wire's uint64: a value of 2^63 or more (negative here) is past every result.
   */
  void acknowledge(long resultsReceived) {
    while (!entries.isEmpty()
        && Long.compareUnsigned(entries.peek().sequence(), resultsReceived) < 0) {
      Entry entry = entries.poll();
      entry.hold().close();
      bytes -= entry.bytes();
    }
  }

  /** Returns how many results are not acknowledged. */
  int count() {
    return entries.size();
  }

  /**
   * Writes the results not acknowledged to {@code next}, in order, without waiting for {@code
   * isReady} (the buffer's bound bounds them).
   *
   * @return the bytes written
   */
  long replayTo(StreamObserver<StreamResponse> next) {
    long written = 0;
    for (Entry entry : entries) {
      next.onNext(entry.response());
      written += entry.bytes();
    }
    return written;
  }

  /** Returns the bytes of the results not acknowledged. */
  long bytes() {
    return bytes;
  }

  /** Forgets everything and gives its memory back, the reservation too: the session ended. */
  void clear() {
    entries.forEach(entry -> entry.hold().close());
    entries.clear();
    bytes = 0;
    reserved.close();
  }
}
