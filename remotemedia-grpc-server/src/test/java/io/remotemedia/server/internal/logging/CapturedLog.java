package io.remotemedia.server.internal.logging;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Everything logged while it is open, in the JSON layout the shipped log4j2.xml gives the
 * {@code stdout} appender, so that tests read the lines operators get.
 *
 * <pre>{@code
 * CapturedLog log = CapturedLog.start("my-test");
 * try { ... assertThat(log.accessLines()).singleElement()...; } finally { log.close(); }
 * }</pre>
 */
public final class CapturedLog implements AutoCloseable {
  private final StringWriter captured = new StringWriter();
  private final Appender appender;

  private CapturedLog(String name) {
    // Lines of calls that ended before the capture starts are not its lines.
    AccessLineQueue.shared().flush();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = WriterAppender.newBuilder()
        .setName(name)
        .setTarget(captured)
        .setLayout(config.<Appender>getAppender("stdout").getLayout())
        .build();
    appender.start();
    EveryLogger.attach(appender);
  }

  /** Starts capturing under the appender name {@code name}. */
  public static CapturedLog start(String name) {
    return new CapturedLog(name);
  }

  /**
   * Returns everything captured so far, with the access lines of the calls that have ended
   * (which are written on a thread of their own, {@link AccessLineQueue}).
   */
  public String text() {
    AccessLineQueue.shared().flush();
    return captured.toString();
  }

  /** Returns the access lines (event {@code rpc.access}) captured so far. */
  public List<String> accessLines() {
    return text().lines().filter(line -> line.contains("\"rpc.access\"")).toList();
  }

  /** Stops capturing. */
  @Override
  public void close() {
    EveryLogger.detach(appender);
    appender.stop();
  }
}
