package io.remotemedia.server;

import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.metrics.ServerMetrics;

/**
 * Counts refused calls and blocked addresses in the metrics, then tells the embedder's
 * listener. Thread-safe.
 */
final class CountingAuthListener implements AuthFailureListener {
  private final ServerMetrics metrics;
  private final AuthFailureListener next;

  CountingAuthListener(ServerMetrics metrics, AuthFailureListener next) {
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public void onFailure(Reason reason, String fullMethodName) {
    if (reason == Reason.THROTTLED) {
      metrics.recordAuthThrottled();
    } else {
      metrics.recordAuthFailure();
    }
    next.onFailure(reason, fullMethodName);
  }

  @Override
  public void onPeerBlocked() {
    metrics.recordPeerBlocked();
    next.onPeerBlocked();
  }
}
