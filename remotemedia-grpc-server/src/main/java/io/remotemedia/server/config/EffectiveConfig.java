package io.remotemedia.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every setting's final value and the layer that set it, safe to log: secrets are redacted.
 * Immutable.
 */
public final class EffectiveConfig {
  /** What a secret value is shown as. */
  public static final String REDACTED = "<redacted>";

  private final List<Entry> entries;

  EffectiveConfig(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * One setting.
   *
   * @param key the dotted key
   * @param value the value as shown (already redacted if secret)
   * @param source where it came from: {@code default}, {@code file}, {@code environment
   *     REMOTEMEDIA_SERVER_PORT} or {@code flag --port}
   */
  public record Entry(String key, String value, String source) {}

  /** {@return the settings in documentation order} */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * {@return the setting {@code key}, if there is one}
   *
   * @param key a dotted configuration key, such as {@code server.port}
   */
  public Optional<Entry> entry(String key) {
    return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
  }

  /**
   * {@return a copy with one more derived line, such as the loaded token names}
   *
   * @param key the name of the line, such as {@code auth.clients}
   * @param value the value to show; never a secret
   * @param source where the value comes from
   */
  public EffectiveConfig with(String key, String value, String source) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(key, value, source));
    return new EffectiveConfig(more);
  }

  /**
   * Renders one {@code key = value (source)} line per setting.
   *
   * @return the lines, headed {@code effective configuration:}
   */
  public String render() {
    StringBuilder text = new StringBuilder("effective configuration:");
    for (Entry entry : entries) {
      text.append("\n  ").append(entry.key()).append(" = ").append(entry.value())
          .append(" (").append(entry.source()).append(')');
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
