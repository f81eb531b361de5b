package io.remotemedia.proto.internal.marshal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lease on the transport buffers (Netty's pooled, often direct, memory) that a message parsed
 * by {@link AliasingParser} aliases: its {@code bytes} fields are views of them, valid only
 * until the buffers are released. Released exactly once, by whichever comes last of the two
 * parties that may hold them:
 *
 * <ul>
 *   <li>the decoder, which {@link #claim() claims} the buffers before it reads the message and
 *       {@link #release() releases} them when the audio is decoded, in a {@code finally};
 *   <li>the call's end, which {@link #discard() discards} them: that releases buffers nobody
 *       claimed, and leaves claimed ones to their decoder.
 * </ul>
 *
 * <p>A claim after a discard fails, so a decoder never reads released memory: it must then
 * leave the message alone (the call has ended anyway). {@link #NONE} stands for a message that
 * holds no transport buffers (parsed from a heap copy): it can always be claimed, and
 * releasing it does nothing.
 *
 * <pre>{@code
 * if (!buffers.claim()) {
 *   return; // the call ended: the message's bytes are gone
 * }
 * try {
 *   audio = decode(message);
 * } finally {
 *   buffers.release();
 * }
 * }</pre>
 *
 * <p>Thread-safe: the call's end and the decoder usually run on different threads.
 */
public final class NetworkBuffers {
  /** A message parsed from a heap copy: nothing to release. */
  public static final NetworkBuffers NONE = new NetworkBuffers(null);

  private static final int HELD = 0;
  private static final int CLAIMED = 1;
  private static final int RELEASED = 2;

  private final Closeable detached;
  private final AtomicInteger state = new AtomicInteger(HELD);

  private NetworkBuffers(Closeable detached) {
    this.detached = detached;
  }

  /**
   * Leases the buffers of a stream detached from grpc-java ({@link io.grpc.Detachable}).
   *
   * @param detached the detached stream; closing it returns its buffers to the transport
   * @return the lease, held and unclaimed
   */
  static NetworkBuffers of(Closeable detached) {
    return new NetworkBuffers(detached);
  }

  /**
   * Claims the buffers for decoding; call {@link #release()} when done.
   *
   * @return true if the message may be read; false if the buffers were discarded already
   */
  public boolean claim() {
    return this == NONE || state.compareAndSet(HELD, CLAIMED);
  }

  /** Releases claimed buffers: the decoder is done with the message. Idempotent. */
  public void release() {
    if (this != NONE && state.compareAndSet(CLAIMED, RELEASED)) {
      close();
    }
  }

  /** Releases the buffers unless a decoder has claimed them (it releases them). Idempotent. */
  public void discard() {
    if (this != NONE && state.compareAndSet(HELD, RELEASED)) {
      close();
    }
  }

  /** {@return whether the buffers went back to the transport} */
  public boolean isReleased() {
    return this != NONE && state.get() == RELEASED;
  }

  private void close() {
    try {
      detached.close();
    } catch (IOException e) {
      // grpc-java's buffer streams do not throw on close; if one did, the lease is not kept.
      throw new UncheckedIOException("the transport's buffers could not be released", e);
    }
  }
}
