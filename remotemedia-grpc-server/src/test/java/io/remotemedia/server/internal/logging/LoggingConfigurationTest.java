package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicyFactory;
import org.apache.logging.log4j.core.async.DiscardingAsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.EventRoute;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.Test;

/** The shipped log4j2.xml and log4j2.component.properties, as log4j loads them. */
class LoggingConfigurationTest {

  @Test
  void rootLogger_writesThroughABoundedAsyncAppenderToJsonStdout() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);

    assertThat(context.getConfiguration().getRootLogger().getAppenders())
        .containsOnlyKeys("async");
    assertThat(context.getConfiguration().getRootLogger().getAppenders().get("async"))
        .isInstanceOfSatisfying(AsyncAppender.class, async -> {
          assertThat(async.getQueueCapacity()).isEqualTo(8192);
          assertThat(async.getAppenderRefStrings()).containsExactly("stdout");
        });
    assertThat(context.getConfiguration().<Appender>getAppender("stdout").getLayout())
        .isInstanceOf(JsonTemplateLayout.class);
  }

  @Test
  void accessLines_followTheRootLevel_soLoggingLevelWarnStopsThem() {
    Level before = LogManager.getRootLogger().getLevel();
    try {
      Configurator.setRootLevel(Level.WARN);
      assertThat(LogManager.getLogger("io.remotemedia.server.access").isInfoEnabled()).isFalse();
      Configurator.setRootLevel(Level.INFO);
      assertThat(LogManager.getLogger("io.remotemedia.server.access").isInfoEnabled()).isTrue();
    } finally {
      Configurator.setRootLevel(before);
    }
  }

  @Test
  void fullQueuePolicy_discardsInfoWarnAndErrorInsteadOfBlocking() {
    AsyncQueueFullPolicy policy = AsyncQueueFullPolicyFactory.create();

    assertThat(policy).isInstanceOf(DiscardingAsyncQueueFullPolicy.class);
    long id = Thread.currentThread().getId() + 1; // not the background thread
    assertThat(policy.getRoute(id, Level.INFO)).isEqualTo(EventRoute.DISCARD);
    assertThat(policy.getRoute(id, Level.ERROR)).isEqualTo(EventRoute.DISCARD);
  }
}
