package io.remotemedia.server.lifecycle;

/**
 * Told once when the server stops accepting calls. Streaming RPCs register one to tell their
 * open streams that the server is draining (so clients reconnect elsewhere) while the grace
 * period lets them finish. Must return quickly and not throw.
 */
@FunctionalInterface
public interface DrainListener {
  /** The server has stopped accepting calls; in-flight work has the grace period left. */
  void draining();
}
