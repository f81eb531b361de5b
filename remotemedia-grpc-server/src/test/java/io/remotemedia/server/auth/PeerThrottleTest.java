package io.remotemedia.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerThrottleTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final AtomicLong clock = new AtomicLong(-5 * SECOND);
  private final PeerThrottle throttle = new PeerThrottle(
      new ThrottleSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30)), clock::get);

  @Test
  void failed_maxFailuresWithinTheWindow_blocksThatAddressOnly() {
    assertThat(throttle.failed("10.0.0.1")).isFalse();
    assertThat(throttle.failed("10.0.0.1")).isFalse();
    assertThat(throttle.blockedNanos("10.0.0.1")).isZero();

    assertThat(throttle.failed("10.0.0.1")).isTrue();

    assertThat(throttle.blockedNanos("10.0.0.1")).isEqualTo(30 * SECOND);
    assertThat(throttle.blockedNanos("10.0.0.2")).isZero();
    assertThat(throttle.failed("10.0.0.2")).isFalse();
  }

  @Test
  void failed_spreadOverMoreThanTheWindow_neverBlocks() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.failed("10.0.0.1")).isFalse();
      clock.addAndGet(6 * SECOND);
    }

    assertThat(throttle.blockedNanos("10.0.0.1")).isZero();
  }

  @Test
  void blockedNanos_afterTheBlock_isZeroAndCountingStartsAgain() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("10.0.0.1");
    }
    clock.addAndGet(29 * SECOND);
    assertThat(throttle.blockedNanos("10.0.0.1")).isEqualTo(SECOND);

    clock.addAndGet(SECOND);

    assertThat(throttle.blockedNanos("10.0.0.1")).isZero();
    assertThat(throttle.failed("10.0.0.1")).isFalse();
  }

  @Test
  void failed_fromMoreAddressesThanTracked_keepsOnlyTheMostRecent() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("first");
    }
    for (int i = 0; i < PeerThrottle.MAX_PEERS; i++) {
      throttle.failed(i);
    }

    // The oldest address was dropped, block and all: memory stays bounded.
    assertThat(throttle.blockedNanos("first")).isZero();
  }

  @Test
  void failed_withThrottlingOff_neverBlocks() {
    PeerThrottle off = new PeerThrottle(ThrottleSettings.off(), clock::get);

    for (int i = 0; i < 1000; i++) {
      assertThat(off.failed("10.0.0.1")).isFalse();
    }
    assertThat(off.blockedNanos("10.0.0.1")).isZero();
  }
}
