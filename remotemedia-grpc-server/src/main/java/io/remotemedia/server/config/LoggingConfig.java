package io.remotemedia.server.config;

/**
 * The {@code logging} section, reloadable.
 *
 * @param level the root log level
 */
public record LoggingConfig(Level level) {
  /** Log levels, most verbose first. */
  public enum Level {
    /** Everything, including per-message detail. */
    TRACE,
    /** Diagnostic detail for operators. */
    DEBUG,
    /** Startup, shutdown, configuration and one line per call; the default. */
    INFO,
    /** Problems the server works around, such as a failed reload. */
    WARN,
    /** Failures only. */
    ERROR
  }
}
