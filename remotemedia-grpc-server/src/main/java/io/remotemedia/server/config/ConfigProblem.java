package io.remotemedia.server.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration.
 *
 * @param subject where the problem is: a key with its line and column, an environment variable
 *     or a flag, for example {@code server.port (line 2, column 9)}
 * @param message what is wrong, for example {@code must be in [0, 65535], was 70000}
 */
public record ConfigProblem(String subject, String message) {
  /**
   * Validates the problem.
   *
   * @param subject where the problem is: a key with its line and column, an environment variable or
   *     a flag, for example {@code server.port (line 2, column 9)}
   * @param message what is wrong, for example {@code must be in [0, 65535], was 70000}
   * @throws NullPointerException if {@code subject} or {@code message} is null
   */
  public ConfigProblem {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return subject + ": " + message;
  }
}
