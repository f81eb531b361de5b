package io.remotemedia.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    List<ConfigProblem> problems, Map<String, String> subjects) {
  /**
   * Copies {@code problems}, so the result stays immutable.
   *
   * @param config the settings
   * @param effective what to log, secrets redacted
   * @param source the name problems are reported under: the file, or "configuration"
   * @param problems everything wrong so far
   * @param subjects how problems name each key that a layer set, such as {@code tls.key_file
   *     (line 6, column 3)} or {@code --port (server.port)}
   */
  public LoadedConfig {
    problems = List.copyOf(problems);
    subjects = Map.copyOf(subjects);
  }

  /**
   * {@return a copy with more problems}, found after loading (in the files a setting names,
   * say). A problem whose subject is a bare key that a layer set is named as that layer names
   * it: {@code tls.key_file} becomes {@code tls.key_file (line 6, column 3)}.
   *
   * @param more the problems to add, after the existing ones
   */
  public LoadedConfig withProblems(List<ConfigProblem> more) {
    List<ConfigProblem> all = new ArrayList<>(problems);
    for (ConfigProblem problem : more) {
      String subject = subjects.getOrDefault(problem.subject(), problem.subject());
      all.add(new ConfigProblem(subject, problem.message()));
    }
    return new LoadedConfig(config, effective, source, all, subjects);
  }

  /**
   * {@return a copy whose effective configuration has one more derived line}
   *
   * @param key the name of the line, such as {@code auth.clients}
   * @param value the value to show; never a secret
   * @param origin where the value comes from
   */
  public LoadedConfig withEffective(String key, String value, String origin) {
    return new LoadedConfig(config, effective.with(key, value, origin), source, problems,
        subjects);
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
