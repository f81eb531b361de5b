package io.remotemedia.server.internal.logging;

import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Sets the level of the root logger at run time, for a level that comes from the configuration
 * file. log4j2.xml reads {@code REMOTEMEDIA_LOG_LEVEL} (default INFO) when logging starts; a
 * configured level applied with this class takes over from then on.
 */
public final class RootLogLevel {
  private RootLogLevel() {}

  /**
   * Parses a level name such as {@code debug} or {@code WARN}.
   *
   * @param name a level name in any case, surrounding spaces ignored
   * @return the level
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Level parse(String name) {
    Level level = Level.getLevel(name.trim().toUpperCase(Locale.ROOT));
    if (level == null) {
      throw new IllegalArgumentException("log level must be one of OFF, FATAL, ERROR, WARN,"
          + " INFO, DEBUG, TRACE, ALL; was \"" + name + "\"");
    }
    return level;
  }

  /**
   * Sets the root logger's level.
   *
   * @param level the new root level
   */
  public static void set(Level level) {
    Configurator.setRootLevel(level);
  }
}
