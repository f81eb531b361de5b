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
 * and throttle, TLS's switches, and {@code limits.total_memory_bytes}. A reload names those that
 * changed ({@link #changed}) and keeps their startup values in force ({@link #keptAsStarted}).
 */
public final class RestartOnlySettings {
  private static final List<String> SECTIONS = List.of("server.", "metrics.", "streams.");
  // keptAsStarted copies exactly these from the startup configuration: change both together.
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

  /**
   * {@return {@code reloaded} with every restart-only setting at its value in {@code started}}
   * Its problems and effective configuration are those of the file just read, so that a reload
   * still refuses a file with a problem and names what changed.
   *
   * @param started the configuration the server started with
   * @param reloaded the configuration just read
   */
  public static LoadedConfig keptAsStarted(RemoteMediaConfig started, LoadedConfig reloaded) {
    RemoteMediaConfig next = reloaded.config();
    AuthConfig auth = started.auth();
    TlsConfig tls = started.tls();
    LimitsConfig limits = next.limits();
    RemoteMediaConfig kept = new RemoteMediaConfig(started.server(),
        new LimitsConfig(limits.defaults(), limits.maximums(), limits.filterCacheBytes(),
            started.limits().totalMemoryBytes()),
        new AuthConfig(auth.enabled(), auth.enabledExplicitly(), next.auth().tokensFile(),
            auth.tokensFileCheckMs(), auth.exemptMethods(), auth.maxFailuresPerPeer(),
            auth.failureWindowMs(), auth.failureBlockMs()),
        new TlsConfig(tls.enabled(), next.tls().certFile(), next.tls().keyFile(),
            next.tls().clientCaFile(), tls.clientAuth(), tls.required()),
        next.logging(), started.metrics(), started.streams(), next.quotas());
    return new LoadedConfig(kept, reloaded.effective(), reloaded.source(), reloaded.problems(),
        reloaded.subjects());
  }

  private static boolean isRestartOnly(String key) {
    return KEYS.contains(key) || SECTIONS.stream().anyMatch(key::startsWith);
  }
}
