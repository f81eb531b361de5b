package io.remotemedia.pipeline;

import java.util.Optional;

/**
 * The buffer memory a {@link LocalPipelineRunner} allows all its executions, streams and
 * explanations together ({@link LocalPipelineRunner.Builder#totalMemoryBytes}), and how much of
 * it they hold now: what operators' metrics read (the server's {@code pipeline_memory_*}
 * gauges; each read is a snapshot). A caller that keeps a pipeline's output for a while after
 * the pipeline has ended, such as a server whose response waits for a slow client, counts it
 * here with {@link #hold}, so that later pipelines are refused (BUSY) instead of adding to it.
 *
 * <pre>{@code
 * BufferMemory.Hold hold = runner.memory().hold(responseBytes);
 * // ... send the response; once the transport no longer holds it:
 * hold.close();
 * }</pre>
 */
public interface BufferMemory {
  /** {@return the most bytes of buffers held at once} */
  long limitBytes();

  /** {@return the bytes of buffers held now} */
  long usedBytes();

  /**
   * Counts {@code bytes} the caller keeps outside any pipeline until the returned hold is
   * closed. They are counted whether or not the limit leaves room (the memory exists already);
   * pipelines that start meanwhile find that much less room, and are refused (BUSY, with a
   * retry hint) as they would be for one another's buffers; they do not wait for it.
   *
   * @param bytes the bytes kept; at least 0
   * @return the hold; closing it gives the bytes back, once
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  Hold hold(long bytes);

  /**
   * Counts {@code bytes} as {@link #hold} does, but only if the limit leaves room for them now:
   * for memory the caller has yet to keep, and may do without (a resumable stream's results,
   * which a server keeps only while it has room for them).
   *
   * <p>The default holds whatever the room, as {@link #hold} does; a runner's memory refuses.
   *
   * @param bytes the bytes to keep; at least 0
   * @return the hold, or empty (nothing counted) when the bytes held now leave less room
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  default Optional<Hold> tryHold(long bytes) {
    return Optional.of(hold(bytes));
  }

  /** Bytes counted by {@link #hold} until {@link #close}. Thread-safe. */
  interface Hold extends AutoCloseable {
    /** Gives the bytes back; a second call does nothing. */
    @Override
    void close();
  }
}
