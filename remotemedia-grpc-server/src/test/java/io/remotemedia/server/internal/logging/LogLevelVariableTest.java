package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLevelVariableTest {
  @Test
  void problem_theLevelsLoggingLevelTakes_inAnyCase_areNone() {
    for (String level : new String[] {"trace", "DEBUG", " Info ", "warn", "error", ""}) {
      assertThat(LogLevelVariable.problem(Map.of("REMOTEMEDIA_LOG_LEVEL", level)))
          .as(level).isEmpty();
    }
    assertThat(LogLevelVariable.problem(Map.of())).isEmpty();
  }

  @Test
  void isBlank_onlyForASetButBlankVariable() {
    assertThat(LogLevelVariable.isBlank(Map.of("REMOTEMEDIA_LOG_LEVEL", " "))).isTrue();
    assertThat(LogLevelVariable.isBlank(Map.of("REMOTEMEDIA_LOG_LEVEL", "info"))).isFalse();
    assertThat(LogLevelVariable.isBlank(Map.of())).isFalse();
  }

  @Test
  void problem_log4jLevelsThatServeRefuses_areProblemsAsServeWordsThem() {
    // serve refuses these as logging.level; every other command must say so too.
    for (String level : new String[] {"off", "fatal", "all", "loud"}) {
      assertThat(LogLevelVariable.problem(Map.of("REMOTEMEDIA_LOG_LEVEL", level)))
          .hasValue("REMOTEMEDIA_LOG_LEVEL (logging.level): must be one of trace, debug, info,"
              + " warn, error, was \"" + level + "\"");
    }
  }
}
