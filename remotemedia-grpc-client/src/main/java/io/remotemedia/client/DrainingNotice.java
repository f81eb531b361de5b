package io.remotemedia.client;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What the server's {@code draining} told a {@link RemoteStreamSession}: the grace period it
 * gave, in ms as it said, and when that period ends by this JVM's {@link System#nanoTime()}.
 * The end is taken as the message came, so the time it took to arrive counts against it.
 * Thread-safe.
 */
final class DrainingNotice {
  private long deadlineMs = -1;
  /** When the server's grace period ends by {@link System#nanoTime()}, once told. */
  private long endsAtNanos;

  /** The server's {@code draining}: it ends the stream in {@code deadlineMs}. */
  void told(long deadlineMs) {
    long now = System.nanoTime();
    synchronized (this) {
      this.deadlineMs = deadlineMs;
      endsAtNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, deadlineMs));
    }
  }

  /**
   * {@return when the server's {@code draining} grace period ends, by {@link
   * System#nanoTime()}, or empty if none came}
   */
  synchronized OptionalLong endsAtNanos() {
    return deadlineMs < 0 ? OptionalLong.empty() : OptionalLong.of(endsAtNanos);
  }

  /** {@return the deadline of the server's {@code draining}, in ms, or -1 if none came} */
  synchronized long deadlineMs() {
    return deadlineMs;
  }
}
