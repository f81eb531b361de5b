package io.remotemedia.server.config;

import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.quota.Quota;
import io.remotemedia.server.quota.QuotaLimits;
import io.remotemedia.server.quota.QuotaPolicy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code quotas} section into a {@link QuotaPolicy}: {@code quotas.default.KEY} for
 * every client, {@code quotas.clients.NAME.KEY} for one, {@code KEY} a {@link Quota#key()}. A
 * client's unset quota is the default's; 0 is unlimited.
 */
final class QuotasSection {
  /** The largest count quota accepted (calls, streams). */
  private static final int MAX_COUNT = 1_000_000;
  /** The largest audio quota accepted, in seconds per minute. */
  private static final long MAX_AUDIO_SECONDS = 1_000_000_000L;
  private static final String CLIENTS = "quotas.clients.";

  private QuotasSection() {}

  static QuotaPolicy read(ConfigReader reader) {
    QuotaLimits defaults = limits(reader, "quotas.default.", QuotaLimits.UNLIMITED);
    Set<String> keys = Arrays.stream(Quota.values()).map(Quota::key)
        .collect(Collectors.toSet());
    Map<String, QuotaLimits> clients = new LinkedHashMap<>();
    for (String client : reader.namesUnder(CLIENTS, keys)) {
      String prefix = CLIENTS + client + ".";
      QuotaLimits limits = limits(reader, prefix, defaults);
      if (TokenSet.CLIENT_NAME.matcher(client).matches()) {
        clients.put(client, limits);
      } else {
        reader.problem(CLIENTS + client, "\"" + client + "\" is not a"
            + " client name: names in the tokens file are 1 to 64 letters, digits, '.', '_'"
            + " or '-', starting with a letter or digit");
      }
    }
    return new QuotaPolicy(defaults, clients);
  }

  private static QuotaLimits limits(ConfigReader reader, String prefix, QuotaLimits fallback) {
    return new QuotaLimits(
        reader.intValue(prefix + Quota.CONCURRENT_CALLS.key(), fallback.concurrentCalls(), 0,
            MAX_COUNT),
        reader.intValue(prefix + Quota.OPEN_STREAMS.key(), fallback.openStreams(), 0,
            MAX_COUNT),
        reader.longValue(prefix + Quota.AUDIO_SECONDS_PER_MINUTE.key(),
            fallback.audioSecondsPerMinute(), 0, MAX_AUDIO_SECONDS));
  }
}
