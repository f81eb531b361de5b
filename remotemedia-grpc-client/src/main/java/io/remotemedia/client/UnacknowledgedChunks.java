package io.remotemedia.client;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The chunks a resumable session has sent whose results have not arrived: what it sends again
 * after a resume. A chunk is forgotten when its result arrives, so the buffer holds at most the
 * chunks in flight (flow control bounds them). Not thread-safe: the session's lock guards it.
 */
final class UnacknowledgedChunks {
  /** One sent chunk, in its wire form (PCM or coded), and its sequence number. */
  record Sent(long sequence, io.remotemedia.proto.AudioBuffer audio) {}

  private final ArrayDeque<Sent> chunks = new ArrayDeque<>();

  void add(long sequence, io.remotemedia.proto.AudioBuffer audio) {
    chunks.add(new Sent(sequence, audio));
  }

  /** Forgets the chunks before {@code sequence}: their results arrived or the server has them. */
  void forgetBefore(long sequence) {
    while (!chunks.isEmpty() && chunks.peek().sequence() < sequence) {
      chunks.poll();
    }
  }

  /** {@return how many chunks are kept} */
  int size() {
    return chunks.size();
  }

  /** Returns the chunks kept, in sequence order. */
  List<Sent> all() {
    return List.copyOf(chunks);
  }
}
