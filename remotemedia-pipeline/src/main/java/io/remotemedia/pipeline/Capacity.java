package io.remotemedia.pipeline;

/**
 * A read-only view of one of a {@link LocalPipelineRunner}'s admission checks: its slots, its
 * queue, and how many of each are in use now. What operators' metrics read (for example the
 * server's {@code worker_active_threads} and {@code max_open_streams}). The counts change as
 * calls come and go; each read is a snapshot.
 */
public interface Capacity {
  /** {@return how many callers may hold a slot at once; at least 1} */
  int maxConcurrent();

  /** {@return how many callers may wait for a slot; 0 when callers never wait} */
  int maxQueued();

  /** {@return how many slots are held now} */
  int active();

  /** {@return how many callers wait for a slot now} */
  int waiting();
}
