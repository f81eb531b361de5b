package io.remotemedia.client;

import io.remotemedia.proto.PipelineServiceGrpc;
import java.util.List;
import java.util.Map;

/**
 * The channel's default service config: round-robin over every resolved address with
 * health-checked subchannels, and a retry policy for UNAVAILABLE and CANCELLED on the unary
 * methods.
 *
 * <p>Only the unary methods retry: they are pure functions of their request, so running one
 * twice is harmless, and gRPC replays a buffered request. A stream cannot be replayed (its
 * chunks were consumed), so StreamPipeline has no retry policy. There is no hedging: each
 * unary call costs a worker on the server, and a hedge doubles the load exactly when replicas
 * are scarce.
 *
 * <p>CANCELLED is retried because a server sends it only when it stops abruptly with the call
 * in flight (a killed replica resets its streams); a cancellation by this client ends the call
 * locally and is never retried.
 */
final class ScaleOutServiceConfig {
  /** Attempts per unary call, the first included. */
  static final int MAX_ATTEMPTS = 5;

  private ScaleOutServiceConfig() {}

  static Map<String, ?> create() {
    String service = PipelineServiceGrpc.SERVICE_NAME;
    // Numbers are Doubles: the service config is parsed JSON.
    Map<String, Object> retryPolicy = Map.of(
        "maxAttempts", (double) MAX_ATTEMPTS,
        "initialBackoff", "0.05s",
        "maxBackoff", "1s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE", "CANCELLED"));
    return Map.of(
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        // Honoured when grpc-services is on the classpath; a server without grpc.health.v1
        // answers UNIMPLEMENTED and its subchannels count as healthy.
        "healthCheckConfig", Map.of("serviceName", service),
        "methodConfig", List.of(Map.of(
            "name", List.of(
                Map.of("service", service, "method", "ExecutePipeline"),
                Map.of("service", service, "method", "GetVersion"),
                Map.of("service", service, "method", "ExplainPipeline")),
            "retryPolicy", retryPolicy)));
  }
}
