package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.StreamResponse;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The results of one resumable session that its client has not acknowledged, in sequence
 * order, bounded in bytes: what a resume replays. The client acknowledges with the
 * {@code results_received} count of its chunks and of its {@code resume}. Not thread-safe: the
 * session's lock guards it.
 */
final class ReplayBuffer {
  /** The limit's name in the RESOURCE_EXHAUSTED error, as in the configuration. */
  static final String LIMIT = "streams.resume_buffer_bytes";

  private record Entry(long sequence, StreamResponse response, int bytes) {}

  private final long maxBytes;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long bytes;

  ReplayBuffer(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Keeps a result until it is acknowledged.
   *
   * @throws PipelineException RESOURCE_LIMIT naming {@value #LIMIT} when the results not yet
   *     acknowledged would take more than the bound
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
    entries.add(new Entry(result.getResult().getSequence(), result, size));
    bytes += size;
  }

  /** Forgets the results before sequence {@code resultsReceived}: the client has them. */
  void acknowledge(long resultsReceived) {
    while (!entries.isEmpty() && entries.peek().sequence() < resultsReceived) {
      bytes -= entries.poll().bytes();
    }
  }

  /** Returns the results not acknowledged, in order. */
  List<StreamResponse> pending() {
    return entries.stream().map(Entry::response).toList();
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

  /** Forgets everything. */
  void clear() {
    entries.clear();
    bytes = 0;
  }
}
