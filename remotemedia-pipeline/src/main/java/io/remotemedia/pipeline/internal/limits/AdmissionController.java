package io.remotemedia.pipeline.internal.limits;

import io.remotemedia.pipeline.Capacity;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds concurrent work: at most {@code maxConcurrent} permits are out at once, at most
 * {@code maxQueued} callers wait for one, and anyone past that is refused at once with a BUSY
 * {@link PipelineException} that carries a retry hint. Nothing queues without bound.
 *
 * <pre>{@code
 * try (AdmissionController.Permit permit = admission.acquire(timeoutMs)) {
 *   return executor.execute(graph, inputs, limits);
 * }
 * }</pre>
 *
 * <p>The retry hint is the recent average time a permit was held, so a refused caller comes
 * back about when a slot frees up. Thread-safe; knows nothing about transports.
 */
public final class AdmissionController implements Capacity {
  /** The retry hint before any permit has been returned, in ms. */
  static final long INITIAL_RETRY_AFTER_MS = 100;

  private final int maxConcurrent;
  private final int maxQueued;
  // What a permit is, in the BUSY message: "execution slots", "stream slots".
  private final String slotName;
  private final Semaphore permits;
  private final AtomicInteger queued = new AtomicInteger();
  // Exponentially weighted average of hold times, in ms; written by returning permits.
  private final AtomicLong averageHoldMs = new AtomicLong(INITIAL_RETRY_AFTER_MS);

  /**
   * @param maxConcurrent permits available at once; at least 1
   * @param maxQueued callers that may wait for a permit; 0 refuses whenever all are out
   * @throws IllegalArgumentException if {@code maxConcurrent} is below 1 or {@code maxQueued}
   *     below 0
   */
  public AdmissionController(int maxConcurrent, int maxQueued) {
    this(maxConcurrent, maxQueued, "execution slots");
  }

  private AdmissionController(int maxConcurrent, int maxQueued, String slotName) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must be >= 0, was " + maxQueued);
    }
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
    this.permits = new Semaphore(maxConcurrent, true);
    this.slotName = slotName;
  }

  /**
   * Returns the controller of open streams: {@code maxOpen} stream slots and no queue, so that
   * a stream past them is refused as BUSY at once.
   *
   * @param maxOpen streams that may be open at once; at least 1
   * @throws IllegalArgumentException if {@code maxOpen} is below 1
   */
  public static AdmissionController forStreams(int maxOpen) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1, was " + maxOpen);
    }
    return new AdmissionController(maxOpen, 0, "stream slots");
  }

  /**
   * Takes a permit, waiting up to {@code waitMs} in the queue if all are out.
   *
   * @param waitMs the longest wait in the queue, in ms; 0 or less does not wait
   * @return the permit; close it to give the slot back
   * @throws PipelineException BUSY (with {@link PipelineException#retryAfterMs()}) when the
   *     queue is full or the wait ran out; CANCELLED when interrupted while waiting
   */
  public Permit acquire(long waitMs) {
    if (permits.tryAcquire()) {
      return new Permit();
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      throw busy(maxQueued == 0 ? "all " + maxConcurrent + " " + slotName + " are taken"
          : "all " + maxConcurrent + " " + slotName + " are busy and " + maxQueued
              + " requests are already waiting");
    }
    try {
      if (!permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
        throw busy("no execution slot freed up within " + waitMs + " ms");
      }
      return new Permit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PipelineException.builder(ErrorKind.CANCELLED,
              "cancelled while waiting for an execution slot")
          .cause(e)
          .build();
    } finally {
      queued.decrementAndGet();
    }
  }

  /**
   * Takes a permit if one is free now and nobody waits for one. Never waits and never refuses,
   * so a thread that must not block can try and otherwise hand its work to one that may wait,
   * behind the callers already waiting.
   *
   * @return the permit (close it to give the slot back), or empty when all are out or callers
   *     wait
   */
  public Optional<Permit> tryAcquire() {
    if (queued.get() > 0 || !permits.tryAcquire()) {
      return Optional.empty();
    }
    return Optional.of(new Permit());
  }

  /** {@return how many permits may be out at once (the {@code maxConcurrent} it was built with)} */
  @Override
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** {@return how many callers may wait for a permit (the {@code maxQueued} it was built with)} */
  @Override
  public int maxQueued() {
    return maxQueued;
  }

  /** {@return how many permits are out now} */
  @Override
  public int active() {
    return maxConcurrent - permits.availablePermits();
  }

  /** {@return how many callers wait for a permit now} */
  @Override
  public int waiting() {
    return queued.get();
  }

  private PipelineException busy(String why) {
    long retryAfterMs = Math.max(1, averageHoldMs.get());
    return PipelineException.builder(ErrorKind.BUSY,
            "the runner is at capacity: " + why + "; retry after " + retryAfterMs + " ms")
        .retryAfterMs(retryAfterMs)
        .build();
  }

  /** A granted slot; closing it returns the slot. Close it exactly once. */
  public final class Permit implements AutoCloseable {
    private final long startNanos = System.nanoTime();
    private boolean closed;

    private Permit() {}

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      long heldMs = (System.nanoTime() - startNanos) / 1_000_000;
      averageHoldMs.getAndUpdate(average -> (average * 7 + heldMs) / 8);
      permits.release();
    }
  }
}
