package io.remotemedia.server.internal.logging;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Attaches a test's appender where every event of the server's logging passes: the root logger
 * and each logger that does not hand its events on to the root (none in the shipped log4j2.xml;
 * one that writes to an appender of its own would have {@code additivity="false"}). Each event
 * reaches the appender once.
 */
public final class EveryLogger {
  private EveryLogger() {}

  /** Adds the started {@code appender} to every logger without a parent that writes for it. */
  public static void attach(Appender appender) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    for (LoggerConfig logger : endsOfTheLine(context.getConfiguration())) {
      logger.addAppender(appender, null, null);
    }
    context.updateLoggers();
  }

  /** Removes {@code appender} from every logger {@link #attach} added it to. */
  public static void detach(Appender appender) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    for (LoggerConfig logger : endsOfTheLine(context.getConfiguration())) {
      logger.removeAppender(appender.getName());
    }
    context.updateLoggers();
  }

  private static Set<LoggerConfig> endsOfTheLine(Configuration config) {
    Set<LoggerConfig> loggers = new LinkedHashSet<>();
    loggers.add(config.getRootLogger());
    config.getLoggers().values().stream()
        .filter(logger -> !logger.isAdditive())
        .forEach(loggers::add);
    return loggers;
  }
}
