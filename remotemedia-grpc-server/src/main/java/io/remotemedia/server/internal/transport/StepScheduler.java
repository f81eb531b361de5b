package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.server.ChunkThread;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Where a {@link StreamSession}'s steps run, and whether one is running (the session is
 * <em>busy</em>): an open on the worker pool, where the runner's stream slots decide whether it
 * opens and its plan takes an execution slot (waiting in the runner's queue, as unary calls do);
 * a chunk or close where {@link io.remotemedia.server.StreamSettings#chunkThread()}
 * says, on the worker pool or on the transport thread once the session has released its lock.
 * While a step runs, the idle timeout waits for it. A step the pool refuses, because the
 * server has stopped, runs nowhere, and the session ends with DRAINING. Not thread-safe;
 * guarded by the owning StreamSession's lock.
 */
final class StepScheduler {
  private final WorkerPool workers;
  private final ChunkThread chunkThread;
  /** Ends the session, under its lock: the pool refused a step. */
  private final Consumer<PipelineException> refused;
  private boolean busy;
  /** The open running on a worker until it ends; interrupted if the session ends first. */
  private Future<?> opening;

  StepScheduler(WorkerPool workers, ChunkThread chunkThread,
      Consumer<PipelineException> refused) {
    this.workers = workers;
    this.chunkThread = chunkThread;
    this.refused = refused;
  }

  /** {@return whether a step is running} */
  boolean isBusy() {
    return busy;
  }

  /** The running step has ended, or was never run. */
  void stepEnded() {
    busy = false;
    opening = null;
  }

  /**
   * Hands a new session's open to the worker pool; ends the session if the pool has shut down,
   * and nothing runs then.
   */
  void submit(Runnable task) {
    try {
      handOver(task, work -> opening = workers.submit(work));
    } catch (RejectedExecutionException stopped) {
      refused.accept(PipelineGrpcService.stopping(stopped));
    }
  }

  /**
   * Interrupts the open still running on its worker, if any: its session has ended and nobody
   * waits for it. Planning stops before the next node is configured (a plan of many resamplers
   * designs filters for seconds), and gives the stream slot it holds back.
   */
  void abandonOpen() {
    if (opening != null) {
      opening.cancel(/* mayInterruptIfRunning= */ true);
      opening = null;
    }
  }

  /**
   * Arranges an open session's chunk or close where the settings say: on the worker pool, or
   * on this transport thread, in which case it is returned for the caller to run once it has
   * released the lock.
   *
   * @return the task to run on this thread after the lock is released, or null; null too when
   *     the pool has shut down, which ends the session, and nothing runs then
   */
  Runnable process(Runnable task) {
    busy = true;
    if (chunkThread == ChunkThread.TRANSPORT) {
      return task;
    }
    try {
      continueWith(task);
    } catch (RejectedExecutionException stopped) {
      refused.accept(PipelineException.builder(ErrorKind.DRAINING, "the server is shutting"
              + " down and ended this stream before its next message ran; reopen the stream,"
              + " on another replica if there is one")
          .cause(stopped).build());
    }
    return null;
  }

  /**
   * Hands an open session's chunk or close to the worker pool; it is never refused for
   * capacity (see {@link WorkerPool}), and the session's next message is not read meanwhile,
   * so flow control holds the client back.
   */
  private void continueWith(Runnable task) {
    handOver(task, workers::continueWith);
  }

  private void handOver(Runnable task, Consumer<Runnable> pool) {
    busy = true;
    try {
      pool.accept(task);
    } catch (RejectedExecutionException stopped) {
      busy = false;
      throw stopped;
    }
  }
}
