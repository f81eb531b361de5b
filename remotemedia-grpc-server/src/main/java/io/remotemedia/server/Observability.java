package io.remotemedia.server;

import io.grpc.ServerInterceptor;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.quota.ClientQuotas;
import java.util.Objects;
import java.util.Optional;

/**
 * What wraps every call besides the service: Prometheus metrics (optional), the client name
 * for the access log, authentication (optional), and per-client quotas (none by default; usage
 * is measured either way). Immutable.
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
  private final ClientQuotas quotas;

  private Observability(ServerMetrics metrics, ClientNameLookup clientNames,
      ServerInterceptor authentication, ClientQuotas quotas) {
    this.metrics = metrics;
    this.clientNames = Objects.requireNonNull(clientNames, "clientNames");
    this.authentication = authentication;
    this.quotas = quotas;
  }

  /**
   * {@return no metrics, no authentication and no quotas; every caller is logged as {@value
   * ClientNameLookup#ANONYMOUS}}
   */
  public static Observability defaults() {
    return new Observability(null, ClientNameLookup.anonymous(), null, null);
  }

  /**
   * {@return a copy that records {@code serverMetrics}}
   *
   * @param serverMetrics the metrics to record calls, streams and audio in; not null
   */
  public Observability withMetrics(ServerMetrics serverMetrics) {
    return new Observability(Objects.requireNonNull(serverMetrics, "serverMetrics"),
        clientNames, authentication, quotas);
  }

  /**
   * {@return a copy that names callers with {@code lookup}}
   *
   * @param lookup names the caller of the current call, for logs and metric labels
   */
  public Observability withClientNames(ClientNameLookup lookup) {
    return new Observability(metrics, lookup, authentication, quotas);
  }

  /**
   * Returns a copy that enforces {@code clientQuotas} on each client, named by {@link
   * #clientNames()}. The server places the quota interceptor inside the access log (which so
   * logs refusals with the quota's name).
   *
   * @param clientQuotas the quota state to enforce; not null
   * @return the copy; this one is unchanged
   * @throws NullPointerException if {@code clientQuotas} is null
   */
  public Observability withQuotas(ClientQuotas clientQuotas) {
    return new Observability(metrics, clientNames, authentication,
        Objects.requireNonNull(clientQuotas, "clientQuotas"));
  }

  /** {@return the per-client quotas, or empty if none were given (no quota is enforced)} */
  public Optional<ClientQuotas> quotas() {
    return Optional.ofNullable(quotas);
  }

  /**
   * {@return a copy that authenticates calls with {@code interceptor}} The server places it
   * inside the metrics interceptor (which so counts refused calls) and outside the access log
   * (which so sees the client name).
   *
   * @param interceptor the interceptor that checks credentials; not null
   */
  public Observability withAuthentication(ServerInterceptor interceptor) {
    return new Observability(metrics, clientNames,
        Objects.requireNonNull(interceptor, "interceptor"), quotas);
  }

  /** {@return the authenticating interceptor, if any} */
  public Optional<ServerInterceptor> authentication() {
    return Optional.ofNullable(authentication);
  }

  /** {@return the metrics, if any} */
  public Optional<ServerMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** {@return the client-name lookup} */
  public ClientNameLookup clientNames() {
    return clientNames;
  }
}
