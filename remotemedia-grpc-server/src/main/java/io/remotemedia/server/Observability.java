package io.remotemedia.server;

import io.grpc.ServerInterceptor;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.metrics.ServerMetrics;
import java.util.Objects;
import java.util.Optional;

/**
 * What wraps every call besides the service: Prometheus metrics (optional), the client name
 * for the access log, and authentication (optional). Immutable.
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
  private final ServerInterceptor authentication;

  private Observability(ServerMetrics metrics, ClientNameLookup clientNames,
      ServerInterceptor authentication) {
    this.metrics = metrics;
    this.clientNames = Objects.requireNonNull(clientNames, "clientNames");
    this.authentication = authentication;
  }

  /** No metrics; every caller is logged as {@value ClientNameLookup#ANONYMOUS}. */
  public static Observability defaults() {
    return new Observability(null, ClientNameLookup.anonymous(), null);
  }

  /** Returns a copy that records {@code serverMetrics}. */
  public Observability withMetrics(ServerMetrics serverMetrics) {
    return new Observability(Objects.requireNonNull(serverMetrics, "serverMetrics"),
        clientNames, authentication);
  }

  /** Returns a copy that names callers with {@code lookup}. */
  public Observability withClientNames(ClientNameLookup lookup) {
    return new Observability(metrics, lookup, authentication);
  }

  /**
   * Returns a copy that authenticates calls with {@code interceptor}. The server places it
   * inside the metrics interceptor (which so counts refused calls) and outside the access log
   * (which so sees the client name).
   */
  public Observability withAuthentication(ServerInterceptor interceptor) {
    return new Observability(metrics, clientNames,
        Objects.requireNonNull(interceptor, "interceptor"));
  }

  /** Returns the authenticating interceptor, if any. */
  public Optional<ServerInterceptor> authentication() {
    return Optional.ofNullable(authentication);
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
