package io.remotemedia.server.internal.logging;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.NodeMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the access log knows about one call. The call's threads fill it in one after the other
 * (transport thread, then worker), so the fields are volatile rather than locked.
 */
final class CallRecord {
  final String requestId;
  final String client;
  final String method;
  final long startNanos;
  private final AtomicBoolean written = new AtomicBoolean();

  final CallUsage usage = new CallUsage();
  volatile String pipeline;
  volatile int nodeCount;
  volatile double pipelineMs;
  volatile List<NodeMetrics> nodes;
  volatile ErrorKind errorKind;

  CallRecord(String requestId, String client, String method, long startNanos) {
    this.requestId = requestId;
    this.client = client;
    this.method = method;
    this.startNanos = startNanos;
  }

  void decoded(String pipelineName, int nodeCountValue) {
    this.pipeline = pipelineName;
    this.nodeCount = nodeCountValue;
  }

  void executed(double wallMs, List<NodeMetrics> nodeMetrics) {
    this.pipelineMs = wallMs;
    this.nodes = nodeMetrics;
  }

  void failed(ErrorKind kind) {
    this.errorKind = kind;
  }

  /** Returns true the first time only: a call gets exactly one access line. */
  boolean close() {
    return written.compareAndSet(false, true);
  }
}
