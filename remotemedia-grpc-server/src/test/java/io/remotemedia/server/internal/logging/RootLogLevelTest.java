package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

class RootLogLevelTest {

  @Test
  void parse_anyCase_givesTheLevel() {
    assertThat(RootLogLevel.parse("debug")).isEqualTo(Level.DEBUG);
    assertThat(RootLogLevel.parse(" WARN ")).isEqualTo(Level.WARN);
  }

  @Test
  void parse_unknownName_namesTheValueAndTheChoices() {
    assertThatThrownBy(() -> RootLogLevel.parse("verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log level must be one of OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL;"
            + " was \"verbose\"");
  }

  @Test
  void set_debug_enablesDebugOnTheRootLogger() {
    Level before = LogManager.getRootLogger().getLevel();
    try {
      RootLogLevel.set(Level.DEBUG);

      assertThat(LogManager.getRootLogger().isDebugEnabled()).isTrue();
      assertThat(LogManager.getLogger("io.remotemedia.server.any").isDebugEnabled()).isTrue();
    } finally {
      RootLogLevel.set(before);
    }
  }
}
