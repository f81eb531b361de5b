package io.remotemedia.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of reading the configuration: the typed settings (a setting with a problem holds
 * its default, so later checks can still run), the loggable effective values, and every problem
 * found. Callers that check more (token and certificate files) add their problems before
 * {@link #orThrow()}.
 *
 * @param config the settings
 * @param effective what to log, secrets redacted
 * @param source the name problems are reported under: the file, or "configuration"
 * @param problems everything wrong so far
 */
public record LoadedConfig(RemoteMediaConfig config, EffectiveConfig effective, String source,
    List<ConfigProblem> problems) {
  /**
   * Copies {@code problems}, so the result stays immutable.
   *
   * @param config the settings
   * @param effective what to log, secrets redacted
   * @param source the name problems are reported under: the file, or "configuration"
   * @param problems everything wrong so far
   */
  public LoadedConfig {
    problems = List.copyOf(problems);
  }

  /**
   * {@return a copy with more problems}
   *
   * @param more the problems to add, after the existing ones
   */
  public LoadedConfig withProblems(List<ConfigProblem> more) {
    List<ConfigProblem> all = new ArrayList<>(problems);
    all.addAll(more);
    return new LoadedConfig(config, effective, source, all);
  }

  /**
   * {@return a copy whose effective configuration has one more derived line}
   *
   * @param key the name of the line, such as {@code auth.clients}
   * @param value the value to show; never a secret
   * @param origin where the value comes from
   */
  public LoadedConfig withEffective(String key, String value, String origin) {
    return new LoadedConfig(config, effective.with(key, value, origin), source, problems);
  }

  /**
   * {@return the settings if nothing is wrong}
   *
   * @throws ConfigException listing every problem
   */
  public RemoteMediaConfig orThrow() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    return config;
  }
}
