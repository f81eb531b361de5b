package io.remotemedia.server.internal.logging;

import java.beans.PropertyChangeEvent;
import java.util.logging.Handler;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/**
 * The server jar's route for java.util.logging records (grpc-java's, Netty's, the JDK's): into
 * log4j, with log4j's levels on the JUL loggers. Embedding applications keep their own setup;
 * only the jar's main installs it.
 */
public final class JavaUtilLoggingRoute {
  private JavaUtilLoggingRoute() {}

  /**
   * grpc-java and Netty log through java.util.logging, whose own handler writes plain text to
   * stderr: sends those records to log4j instead (JSON on stdout, log4j's levels: io.grpc and
   * io.netty at WARN), and log4j's levels to the JUL loggers from now on. (The handler's own
   * propagation would start only with the first JUL record it is given: until then a
   * {@code logging.level} set at the start or on SIGHUP would not reach the JUL loggers.)
   *
   * @return the handler now on the root JUL logger
   */
  public static Log4jBridgeHandler install() {
    Log4jBridgeHandler.install(true, null, false);
    Log4jBridgeHandler bridge = null;
    for (Handler handler
        : java.util.logging.LogManager.getLogManager().getLogger("").getHandlers()) {
      if (handler instanceof Log4jBridgeHandler installed) {
        bridge = installed;
      }
    }
    if (bridge == null) {
      throw new IllegalStateException("Log4jBridgeHandler is not installed");
    }
    LoggerContext context = LoggerContext.getContext(false);
    context.addPropertyChangeListener(bridge);
    bridge.propertyChange(new PropertyChangeEvent(context, LoggerContext.PROPERTY_CONFIG, null,
        context.getConfiguration()));
    return bridge;
  }
}
