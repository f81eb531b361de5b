package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AttemptPauseTest {
  @Test
  void boundMs_doublesFrom50MsUpTo1s() {
    assertThat(AttemptPause.boundMs(2)).isEqualTo(50);
    assertThat(AttemptPause.boundMs(3)).isEqualTo(100);
    assertThat(AttemptPause.boundMs(6)).isEqualTo(800);
    assertThat(AttemptPause.boundMs(7)).isEqualTo(1000);
    assertThat(AttemptPause.boundMs(40)).isEqualTo(1000);
  }

  @Test
  void boundMs_ofTheFirstAttempt_isRefused() {
    assertThatThrownBy(() -> AttemptPause.boundMs(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt 1");
  }

  @Test
  void pause_beforeTheThirdAttempt_lastsAtLeastHalfItsBound() {
    long start = System.nanoTime();

    boolean made = AttemptPause.pause(3, Deadline.after(10, TimeUnit.SECONDS));

    assertThat(made).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        AttemptPause.boundMs(3) / 2);
  }

  @Test
  void pause_thatWouldReachTheDeadline_isNotMade() {
    // The shortest pause before the second attempt is 25 ms.
    assertThat(AttemptPause.pause(2, Deadline.after(20, TimeUnit.MILLISECONDS))).isFalse();
  }

  @Test
  void pause_ofAnInterruptedThread_endsTheCallAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThat(AttemptPause.pause(2, Deadline.after(10, TimeUnit.SECONDS))).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void fits_aPauseThatWouldReachTheDeadline_isFalse() {
    assertThat(AttemptPause.fits(30, Deadline.after(20, TimeUnit.MILLISECONDS))).isFalse();
    assertThat(AttemptPause.fits(30, Deadline.after(10, TimeUnit.SECONDS))).isTrue();
  }

  @Test
  void fits_countsTheTimeLeftBelowAMillisecond() {
    // 25.9 ms left: a 25 ms pause fits, though both are 25 in whole ms.
    assertThat(AttemptPause.fits(25, Deadline.after(25_900, TimeUnit.MICROSECONDS))).isTrue();
  }

  @Test
  void fits_withoutADeadline_isTrue() {
    assertThat(AttemptPause.fits(AttemptPause.MAX_MS, null)).isTrue();
  }

  @Test
  void drawMs_isBetweenHalfAndTheWholeOfTheBound() {
    for (int i = 0; i < 200; i++) {
      assertThat(AttemptPause.drawMs(3)).isBetween(50L, 100L);
    }
  }
}
