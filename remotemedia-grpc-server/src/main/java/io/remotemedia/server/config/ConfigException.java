package io.remotemedia.server.config;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem, one per line, under a
 * header that names the source, for example:
 *
 * <pre>
 * config.yaml: 2 problems:
 *   server.port (line 2, column 9): must be in [0, 65535], was 70000
 *   REMOTEMEDIA_AUTH_ENABLED (auth.enabled): must be true or false, was "yes please"
 * </pre>
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  /**
   * @param source the configuration's name: the file, or "configuration" without one
   * @param problems at least one problem
   */
  public ConfigException(String source, List<ConfigProblem> problems) {
    super(describe(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** {@return every problem found, in the order found} */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(String source, List<ConfigProblem> problems) {
    StringBuilder text = new StringBuilder(source).append(": ").append(problems.size())
        .append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem problem : problems) {
      text.append("\n  ").append(problem);
    }
    return text.toString();
  }
}
