package io.remotemedia.server.quota;

import io.grpc.ServerInterceptor;
import io.remotemedia.server.logging.ClientNameLookup;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The quota state of every client, under a {@link QuotaPolicy} that a reload replaces.
 *
 * <pre>{@code
 * ClientQuotas quotas = ClientQuotas.create(config.quotas());
 * builder.intercept(quotas.interceptor(clientNames, UsageListener.NONE));
 * // on SIGHUP:
 * quotas.update(reloaded.quotas());
 * }</pre>
 *
 * <p>Each client's state is created on its first call and kept while it is in the tokens file
 * ({@link #retainClients}); the number of states is so bounded by the tokens file (plus {@code
 * anonymous}). A call looks its client up in a concurrent map and then touches only that
 * client's counters: there is no lock shared between clients. Thread-safe.
 */
public final class ClientQuotas {
  private final ConcurrentHashMap<String, ClientQuotaState> clients = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private volatile QuotaPolicy policy;

  private ClientQuotas(QuotaPolicy policy, LongSupplier nanoClock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nanoClock = nanoClock;
  }

  /**
   * Returns the state of {@code policy}, on the system's monotonic clock.
   *
   * @param policy the quotas to enforce until the next {@link #update}; not null
   * @return a state without any client yet
   * @throws NullPointerException if {@code policy} is null
   */
  public static ClientQuotas create(QuotaPolicy policy) {
    return new ClientQuotas(policy, System::nanoTime);
  }

  /** {@return a state without quotas: calls are only measured, never refused} */
  public static ClientQuotas unlimited() {
    return create(QuotaPolicy.UNLIMITED);
  }

  /** Returns the state of {@code policy} on {@code nanoClock}, for tests. */
  static ClientQuotas create(QuotaPolicy policy, LongSupplier nanoClock) {
    return new ClientQuotas(policy, nanoClock);
  }

  /** {@return the policy in force: the one created with or the last {@link #update}} */
  public QuotaPolicy policy() {
    return policy;
  }

  /**
   * Applies a reloaded policy. Calls and streams in progress keep running and count against
   * the new quotas (a lowered quota refuses new calls until enough have ended); each audio
   * bucket keeps the seconds already used this minute.
   *
   * @param next the reloaded policy; not null
   * @throws NullPointerException if {@code next} is null
   */
  public void update(QuotaPolicy next) {
    policy = Objects.requireNonNull(next, "next");
    clients.values().forEach(state -> state.apply(next));
  }

  /**
   * Forgets the clients that are no longer in the tokens file (a reload removed them), so that
   * the states stay bounded by it. A call of a forgotten client still in progress holds its
   * state and ends normally.
   *
   * @param names the client names of the tokens file now
   */
  public void retainClients(Collection<String> names) {
    Set<String> keep = Set.copyOf(names);
    clients.keySet().removeIf(client -> !keep.contains(client)
        && !client.equals(ClientNameLookup.ANONYMOUS));
  }

  /**
   * Returns the interceptor that enforces the quotas and measures usage on the pipeline
   * service's calls. Register it inside authentication and inside the access log, so that it
   * sees the client's name and the access log sees its refusals.
   *
   * @param clientNames names the caller of the current call
   * @param usage hears each client's usage and refusals (the metrics)
   * @return a new interceptor on this state; it refuses calls with RESOURCE_EXHAUSTED
   */
  public ServerInterceptor interceptor(ClientNameLookup clientNames, UsageListener usage) {
    return new ClientQuotaInterceptor(this, clientNames, usage, nanoClock);
  }

  /** Returns {@code client}'s state, created with its quotas on its first call. */
  ClientQuotaState forClient(String client) {
    QuotaPolicy current = policy;
    ClientQuotaState state = clients.get(client);
    if (state == null) {
      state = clients.computeIfAbsent(client, name ->
          new ClientQuotaState(name, current, nanoClock));
    }
    // A state created while a reload swept the map may hold the policy before it: an identity
    // check brings it up to date.
    state.apply(current);
    return state;
  }

  /** Returns the clients that have state now. */
  Set<String> clientsWithState() {
    return Set.copyOf(clients.keySet());
  }
}
