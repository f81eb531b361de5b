package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<String> lines = new ArrayList<>();
  private final FailureLog log = new FailureLog(/* intervalNanos= */ 100, clock::get, lines::add);

  @Test
  void failure_burstWithinInterval_logsOnceThenReportsTheSuppressedCount() {
    log.failure("first");
    clock.addAndGet(10);
    log.failure("second");
    log.failure("third");
    clock.addAndGet(100);
    log.failure("fourth");
    clock.addAndGet(100);
    log.failure("fifth");

    assertThat(lines).containsExactly(
        "first",
        "fourth (2 similar failures suppressed since the last line)",
        "fifth");
  }
}
