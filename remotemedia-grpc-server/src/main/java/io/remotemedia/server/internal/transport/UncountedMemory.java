package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.BufferMemory;

/**
 * The memory of a runner the server does not know (a {@code RemoteMediaServer} built around a
 * runner of the application's own): what the transport keeps (unary responses, resumable
 * streams' results) is not counted, and always has room ({@link #tryHold} holds, as the
 * interface's default does). Stateless.
 */
public enum UncountedMemory implements BufferMemory {
  /** The one instance. */
  INSTANCE;

  private static final Hold NOTHING = () -> { };

  @Override
  public long limitBytes() {
    return Long.MAX_VALUE;
  }

  @Override
  public long usedBytes() {
    return 0;
  }

  @Override
  public Hold hold(long bytes) {
    return NOTHING;
  }
}
