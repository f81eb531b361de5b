package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;
import org.junit.jupiter.api.Test;

/**
 * The server jar's java.util.logging routing: log4j's levels reach the JUL loggers at once, so
 * {@code logging.level} (set at the start and on SIGHUP) also governs what the JDK and grpc-java
 * log through JUL, not only after some JUL record has happened to pass.
 */
class JavaUtilLoggingRouteTest {
  @Test
  void log4jLevelChanges_reachJulLoggers_beforeAnyJulRecordIsPublished() {
    Logger root = LogManager.getLogManager().getLogger("");
    List<Handler> handlers = List.of(root.getHandlers());
    Level rootLevel = root.getLevel();
    org.apache.logging.log4j.Level log4jRoot =
        org.apache.logging.log4j.LogManager.getRootLogger().getLevel();
    Log4jBridgeHandler bridge = JavaUtilLoggingRoute.install();
    try {
      // log4j2.xml: io.grpc at WARN, whatever the root.
      assertThat(Logger.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARNING);

      Configurator.setRootLevel(org.apache.logging.log4j.Level.DEBUG); // logging.level: debug
      assertThat(root.getLevel()).isEqualTo(Level.FINE);
      assertThat(Logger.getLogger("com.sun.net.httpserver").isLoggable(Level.FINE)).isTrue();

      Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN); // logging.level: warn
      assertThat(root.getLevel()).isEqualTo(Level.WARNING);
      assertThat(Logger.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARNING);
    } finally {
      root.removeHandler(bridge);
      bridge.close();
      handlers.forEach(handler -> {
        root.removeHandler(handler);
        root.addHandler(handler);
      });
      root.setLevel(rootLevel);
      Logger.getLogger("io.grpc").setLevel(null);
      Logger.getLogger("io.netty").setLevel(null);
      Configurator.setRootLevel(log4jRoot);
    }
  }
}
