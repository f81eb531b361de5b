package io.remotemedia.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings a reload (SIGHUP) cannot apply, as docs/configuration.md marks them "restart":
 * the {@code server}, {@code metrics} and {@code streams} sections, the authentication switches
 * and throttle, TLS's switches, and {@code limits.total_memory_bytes}.
 */
public final class RestartOnlySettings {
  private static final List<String> SECTIONS = List.of("server.", "metrics.", "streams.");
  private static final Set<String> KEYS = Set.of("auth.enabled", "auth.tokens_file_check_ms",
      "auth.exempt_methods", "auth.max_failures_per_peer", "auth.failure_window_ms",
      "auth.failure_block_ms", "tls.enabled", "tls.client_auth", "tls.required",
      "limits.total_memory_bytes");

  private RestartOnlySettings() {}

  /**
   * {@return each restart-only setting whose value differs, as {@code key: old -> new}, in
   * documentation order} Secrets are compared and shown redacted.
   *
   * @param running the configuration in force
   * @param reloaded the configuration just read
   */
  public static List<String> changed(EffectiveConfig running, EffectiveConfig reloaded) {
    Map<String, String> before = running.entries().stream().collect(
        Collectors.toMap(EffectiveConfig.Entry::key, EffectiveConfig.Entry::value));
    List<String> changed = new ArrayList<>();
    for (EffectiveConfig.Entry entry : reloaded.entries()) {
      String old = Optional.ofNullable(before.get(entry.key())).orElse("(none)");
      if (isRestartOnly(entry.key()) && !old.equals(entry.value())) {
        changed.add(entry.key() + ": " + old + " -> " + entry.value());
      }
    }
    return changed;
  }

  private static boolean isRestartOnly(String key) {
    return KEYS.contains(key) || SECTIONS.stream().anyMatch(key::startsWith);
  }
}
