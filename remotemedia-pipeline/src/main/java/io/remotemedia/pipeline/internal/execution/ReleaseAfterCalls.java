package io.remotemedia.pipeline.internal.execution;

import java.util.function.Supplier;

/**
 * Gives a stream's resources (its memory lease and its stream slot) back exactly once: when
 * the stream has ended (finished, failed or cancelled) and no call is still inside it. A
 * cancel from another thread while a push runs its nodes only marks the end: the push still
 * uses the plan's buffers, so the release waits until it has left, and nothing else is
 * admitted against that memory or that slot before.
 *
 * <p>Thread-safe. The release runs on the thread that ends the stream when no call is inside,
 * otherwise on the thread of the last call to leave.
 */
final class ReleaseAfterCalls {
  private final Runnable release;
  private int inside;
  private boolean ended;
  private boolean released;

  /**
   * @param release gives the resources back; run once, outside this object's lock
   */
  ReleaseAfterCalls(Runnable release) {
    this.release = release;
  }

  /**
   * Runs {@code call} as a call inside the stream: if the stream ends meanwhile, the release
   * waits until {@code call} has returned or thrown.
   */
  <T> T run(Supplier<T> call) {
    synchronized (this) {
      inside++;
    }
    try {
      return call.get();
    } finally {
      boolean last;
      synchronized (this) {
        inside--;
        last = releaseDue();
      }
      if (last) {
        release.run();
      }
    }
  }

  /** Ends the stream: releases now if no call is inside, or else when the last one leaves. */
  void end() {
    boolean now;
    synchronized (this) {
      ended = true;
      now = releaseDue();
    }
    if (now) {
      release.run();
    }
  }

  private boolean releaseDue() {
    if (ended && inside == 0 && !released) {
      released = true;
      return true;
    }
    return false;
  }
}
