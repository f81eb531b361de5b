package io.remotemedia.server;

import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.metrics.ServerMetrics;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server reports about itself besides its answers: Prometheus metrics (optional) and
 * the client name for the access log. Immutable.
 *
 * <pre>{@code
 * Observability.defaults()
 *     .withMetrics(ServerMetrics.register(registry))
 *     .withClientNames(() -> AuthContext.CLIENT_NAME.get());
 * }</pre>
 */
public final class Observability {
  private final ServerMetrics metrics;
  private final ClientNameLookup clientNames;

  private Observability(ServerMetrics metrics, ClientNameLookup clientNames) {
    this.metrics = metrics;
    this.clientNames = Objects.requireNonNull(clientNames, "clientNames");
  }

  /** No metrics; every caller is logged as {@value ClientNameLookup#ANONYMOUS}. */
  public static Observability defaults() {
    return new Observability(null, ClientNameLookup.anonymous());
  }

  /** Returns a copy that records {@code serverMetrics}. */
  public Observability withMetrics(ServerMetrics serverMetrics) {
    return new Observability(Objects.requireNonNull(serverMetrics, "serverMetrics"),
        clientNames);
  }

  /** Returns a copy that names callers with {@code lookup}. */
  public Observability withClientNames(ClientNameLookup lookup) {
    return new Observability(metrics, lookup);
  }

  /** Returns the metrics, if any. */
  public Optional<ServerMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Returns the client-name lookup. */
  public ClientNameLookup clientNames() {
    return clientNames;
  }
}
