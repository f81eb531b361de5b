package io.remotemedia.server;

import io.prometheus.client.CollectorRegistry;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.AuthInterceptor;
import io.remotemedia.server.auth.ThrottleSettings;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.auth.TokenStore;
import io.remotemedia.server.config.AuthConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.quota.ClientQuotas;
import java.time.Duration;
import java.util.Optional;

/**
 * What the configuration puts around every call: the metrics when they are on, the per-client
 * quotas, and token authentication when it is on, whose tokens file names the clients. The
 * quotas' per-client state and the metrics' per-client series follow the file's clients, also
 * when it changes. Thread-safe.
 */
final class ConfiguredObservability {
  private final Optional<ServerMetrics> metrics;
  private final ClientQuotas quotas;
  private final Optional<TokenStore> tokens;
  private final Observability observability;

  /**
   * Registers the metrics in {@code registry} if they are on, and starts watching the tokens
   * file if authentication is on.
   *
   * @param config the configuration the server starts with
   * @param tokens the tokens file's clients, read; empty when authentication is off
   * @param registry where the metrics are registered
   * @param listener told about each call refused for its credentials, after the metrics
   */
  ConfiguredObservability(RemoteMediaConfig config, Optional<TokenSet> tokens,
      CollectorRegistry registry, AuthFailureListener listener) {
    Observability calls = Observability.defaults()
        .withClientNames(() -> AuthInterceptor.currentClientName().orElse(null));
    this.metrics = config.metrics().enabled()
        ? Optional.of(ServerMetrics.register(registry))
        : Optional.empty();
    if (metrics.isPresent()) {
      calls = calls.withMetrics(metrics.get());
    }
    this.quotas = ClientQuotas.create(config.quotas());
    calls = calls.withQuotas(quotas);
    AuthConfig auth = config.auth();
    this.tokens = tokens.map(set ->
        TokenStore.of(auth.tokensFile().orElseThrow(), set, auth.tokensFileCheckMs()));
    // The per-client state and series follow the tokens file's names, reloads included.
    this.tokens.ifPresent(store -> {
      store.addListener(this::followClients);
      followClients(store.current());
    });
    AuthFailureListener failures = metrics
        .<AuthFailureListener>map(m -> new CountingAuthListener(m, listener))
        .orElse(listener);
    if (this.tokens.isPresent()) {
      calls = calls.withAuthentication(new AuthInterceptor(this.tokens.get()::current,
          auth.exemptMethods(), failures, new ThrottleSettings(
              auth.maxFailuresPerPeer(),
              Duration.ofMillis(auth.failureWindowMs()),
              Duration.ofMillis(auth.failureBlockMs()))));
    }
    this.observability = calls;
  }

  /** Keeps per-client quota state and metric series for the clients of {@code set} only. */
  private void followClients(TokenSet set) {
    quotas.retainClients(set.clientNames());
    metrics.ifPresent(m -> m.retainClients(set.clientNames()));
  }

  /** {@return the interceptors' configuration for the server} */
  Observability observability() {
    return observability;
  }

  /** {@return the metrics, if they are on} */
  Optional<ServerMetrics> metrics() {
    return metrics;
  }

  /** {@return the per-client quotas, which a reload updates} */
  ClientQuotas quotas() {
    return quotas;
  }

  /** {@return the tokens, which a reload replaces, if authentication is on} */
  Optional<TokenStore> tokens() {
    return tokens;
  }

  /** Stops watching the tokens file. */
  void close() {
    tokens.ifPresent(TokenStore::close);
  }
}
