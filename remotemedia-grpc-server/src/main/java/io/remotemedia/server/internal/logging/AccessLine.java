package io.remotemedia.server.internal.logging;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.NodeMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one call's access line says, taken from its {@link CallRecord} when the call closes, so
 * that the line can be built and written later on another thread ({@link AccessLineQueue}).
 */
record AccessLine(String requestId, String client, String method, Status.Code code,
    long durationNanos, String pipeline, int nodeCount, double audioSeconds,
    double streamSeconds, String quota, ErrorKind errorKind, double pipelineMs,
    List<NodeMetrics> nodes) {

  /** {@return the line of {@code record}'s call, closed with {@code code} now} */
  static AccessLine of(CallRecord record, Status.Code code) {
    return new AccessLine(record.requestId, record.client, record.method, code,
        System.nanoTime() - record.startNanos, record.pipeline, record.nodeCount,
        record.usage.audioSeconds(), record.usage.streamSeconds(), record.usage.refusedQuota(),
        record.errorKind, record.pipelineMs, record.nodes);
  }

  /** {@return the line's message, event {@code rpc.access}} */
  StructuredMessage message() {
    StructuredMessage line = StructuredMessage.of("rpc.access",
            method + " " + code + " in " + millisText(durationNanos) + " ms")
        .with("client", client)
        .with("method", method)
        .with("status", code.name())
        .with("duration_ms", durationNanos / 1e6);
    if (pipeline != null) {
      line.with("pipeline", pipeline)
          .with("node_count", nodeCount);
    }
    // Usage, as the quota interceptor measured it (and as client_* metrics count it).
    if (pipeline != null || audioSeconds > 0) {
      line.with("audio_seconds", audioSeconds);
    }
    if (streamSeconds >= 0) {
      line.with("stream_seconds", streamSeconds);
    }
    if (quota != null) {
      line.with("quota", quota);
    }
    if (errorKind != null) {
      line.with("error_type", errorKind.name().toLowerCase(Locale.ROOT));
    }
    if (nodes != null) {
      line.with("pipeline_ms", pipelineMs).with("nodes", nodeTimings(nodes));
    }
    return line;
  }

  /**
   * {@code nanos} (at least 0) in ms with three decimals, rounded half up, and a point
   * whatever the default locale ({@code 7.125}). Not {@code String.format}, which costs about
   * ten times as much CPU run once per call (docs/performance.md, "The access line's cost").
   */
  static String millisText(long nanos) {
    long micros = (nanos + 500) / 1000;
    long fraction = micros % 1000;
    return micros / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
  }

  private static List<Map<String, Object>> nodeTimings(List<NodeMetrics> nodes) {
    return nodes.stream().map(node -> {
      Map<String, Object> timing = new LinkedHashMap<>();
      timing.put("id", node.nodeId());
      timing.put("type", node.nodeType());
      timing.put("wall_ms", node.wallMs());
      return timing;
    }).toList();
  }
}
