package io.remotemedia.server.config;

/**
 * The {@code logging} section, reloadable.
 *
 * @param level the root log level
 */
public record LoggingConfig(Level level) {
  /** Log levels, most verbose first. */
  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }
}
