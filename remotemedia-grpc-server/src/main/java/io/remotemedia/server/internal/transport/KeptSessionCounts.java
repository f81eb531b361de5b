package io.remotemedia.server.internal.transport;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * How many stream sessions each client has kept for a resume (its calls broke), against a
 * per-client limit: a kept session holds a stream slot and memory while its client holds no
 * call, so without a limit one client could keep every slot of the server by opening and
 * dropping streams. Thread-safe.
 */
final class KeptSessionCounts {
  private final Map<String, Integer> byClient = new ConcurrentHashMap<>();
  private volatile ToIntFunction<String> limit = client -> 0;

  /** Sets the most sessions a client may keep at once, by client name; 0 means no limit. */
  void limit(ToIntFunction<String> maxKept) {
    this.limit = Objects.requireNonNull(maxKept, "maxKept");
  }

  /** Counts one more kept session of {@code client}, unless it keeps its limit already. */
  boolean tryAdd(String client) {
    int max = limit.applyAsInt(client);
    boolean[] added = {false};
    byClient.compute(client, (name, count) -> {
      int now = count == null ? 0 : count;
      if (max > 0 && now >= max) {
        return count;
      }
      added[0] = true;
      return now + 1;
    });
    return added[0];
  }

  /** Counts one more kept session of {@code client}, whatever its limit. */
  void add(String client) {
    byClient.merge(client, 1, Integer::sum);
  }

  /** One kept session of {@code client} was resumed or ended. */
  void remove(String client) {
    byClient.computeIfPresent(client, (name, count) -> count <= 1 ? null : count - 1);
  }

  /** {@return the sessions {@code client} keeps now} */
  int count(String client) {
    return byClient.getOrDefault(client, 0);
  }

  /** {@return the most sessions {@code client} may keep; 0 means no limit} */
  int limitFor(String client) {
    return limit.applyAsInt(client);
  }
}
