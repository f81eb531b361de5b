package io.remotemedia.server.internal.logging;

import io.remotemedia.server.config.LoggingConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps a wrong {@code REMOTEMEDIA_LOG_LEVEL} from reaching log4j, which answers one with two
 * stack traces on stderr before the first line. The jar's log4j2.xml takes the root level from
 * the system property {@value #PROPERTY} first and the variable second: when {@link #problem}
 * finds the variable wrong, {@link #logAtInfo} sets the property before anything logs.
 *
 * <pre>{@code
 * Optional<String> wrong = LogLevelVariable.problem(System.getenv());
 * wrong.ifPresent(problem -> LogLevelVariable.logAtInfo());
 * }</pre>
 */
public final class LogLevelVariable {
  /** The environment variable log4j2.xml reads the root level from. */
  public static final String VARIABLE = "REMOTEMEDIA_LOG_LEVEL";
  /** The system property log4j2.xml prefers to {@link #VARIABLE}. */
  public static final String PROPERTY = "remotemedia.log.level";

  private LogLevelVariable() {}

  /**
   * Checks {@link #VARIABLE}.
   *
   * @param environment the process's environment
   * @return what is wrong with the variable's value, or empty when it is unset, blank or a level
   */
  public static Optional<String> problem(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    // The levels logging.level takes, so that every command accepts what serve accepts.
    for (LoggingConfig.Level level : LoggingConfig.Level.values()) {
      if (level.name().equalsIgnoreCase(value.strip())) {
        return Optional.empty();
      }
    }
    return Optional.of(VARIABLE + " (logging.level): must be one of " + Arrays.stream(
            LoggingConfig.Level.values()).map(level -> level.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ")) + ", was \"" + value + "\"");
  }

  /**
   * {@return whether {@link #VARIABLE} is set but blank} The configuration takes that as unset;
   * log4j2.xml's default does not (it answers with a stack trace), so log4j is set to INFO.
   *
   * @param environment the process's environment
   */
  public static boolean isBlank(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    return value != null && value.isBlank();
  }

  /** Makes log4j start at INFO whatever {@link #VARIABLE} says; call it before anything logs. */
  public static void logAtInfo() {
    System.setProperty(PROPERTY, "INFO");
  }
}
