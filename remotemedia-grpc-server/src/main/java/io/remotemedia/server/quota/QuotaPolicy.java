package io.remotemedia.server.quota;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration's {@code quotas} section: the quotas of every client ({@code
 * quotas.default}) and those of named clients ({@code quotas.clients.NAME}, client names as in
 * the tokens file). A named client's unset quotas are the defaults; the configuration loader
 * fills them in, so each entry here is complete. Immutable.
 *
 * <pre>{@code
 * QuotaPolicy policy = new QuotaPolicy(new QuotaLimits(8, 4, 600),
 *     Map.of("batch-importer", new QuotaLimits(2, 0, 3600)));
 * }</pre>
 *
 * @param defaults the quotas of a client without an entry of its own (and of {@code anonymous}
 *     callers)
 * @param clients the quotas of named clients
 */
public record QuotaPolicy(QuotaLimits defaults, Map<String, QuotaLimits> clients) {
  /** No quotas for anybody. */
  public static final QuotaPolicy UNLIMITED = new QuotaPolicy(QuotaLimits.UNLIMITED, Map.of());

  /**
   * Copies {@code clients}, so the policy stays immutable.
   *
   * @param defaults the quotas of a client without an entry of its own; not null
   * @param clients the quotas of named clients, by client name; not null, no null keys or
   *     values
   * @throws NullPointerException if {@code defaults} or {@code clients} is null or holds null
   */
  public QuotaPolicy {
    Objects.requireNonNull(defaults, "defaults");
    clients = Map.copyOf(clients);
  }

  /**
   * Returns the quotas of one client.
   *
   * @param client the client's name as in the tokens file, or {@code anonymous}; not null
   * @return its own entry, or the defaults if it has none
   */
  public QuotaLimits limitsFor(String client) {
    return clients.getOrDefault(client, defaults);
  }
}
