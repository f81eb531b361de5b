package io.remotemedia.server.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts refused calls per client address and blocks an address that has too many (see
 * {@link ThrottleSettings}). Addresses are keyed without their port, so reconnecting does not
 * escape a block. At most {@value #MAX_PEERS} addresses are tracked, the least recently seen
 * dropped first, so a flood from many addresses cannot grow the heap. Thread-safe.
 */
final class PeerThrottle {
  static final int MAX_PEERS = 10_000;

  private final ThrottleSettings settings;
  private final LongSupplier nanoClock;
  private final Map<Object, Peer> peers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Peer> eldest) {
      return size() > MAX_PEERS;
    }
  };

  /** One address's failures in its current window, and its block. */
  private static final class Peer {
    long windowStartNanos;
    int failures;
    boolean blocked;
    long blockedUntilNanos;
  }

  PeerThrottle(ThrottleSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  /** Returns how long {@code address} stays blocked, in ns; 0 if it is not blocked. */
  synchronized long blockedNanos(Object address) {
    if (peers.isEmpty()) {
      return 0;
    }
    Peer peer = peers.get(address);
    if (peer == null || !peer.blocked) {
      return 0;
    }
    long left = peer.blockedUntilNanos - nanoClock.getAsLong();
    if (left <= 0) {
      peer.blocked = false;
      return 0;
    }
    return left;
  }

  /**
   * Records a refused call from {@code address}.
   *
   * @return whether this failure blocked the address
   */
  synchronized boolean failed(Object address) {
    if (!settings.enabled()) {
      return false;
    }
    long now = nanoClock.getAsLong();
    Peer peer = peers.computeIfAbsent(address, key -> new Peer());
    if (peer.failures == 0 || now - peer.windowStartNanos > settings.window().toNanos()) {
      peer.windowStartNanos = now;
      peer.failures = 0;
    }
    peer.failures++;
    if (peer.failures < settings.maxFailures()) {
      return false;
    }
    peer.failures = 0;
    peer.blocked = true;
    peer.blockedUntilNanos = now + settings.block().toNanos();
    return true;
  }
}
