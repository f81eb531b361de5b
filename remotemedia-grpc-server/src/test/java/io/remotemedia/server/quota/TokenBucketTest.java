package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND_US = 1_000_000;
  private final ManualClock clock = new ManualClock();

  @Test
  void tryTake_withinTheMinutesCapacity_isGrantedUntilItIsSpent() {
    TokenBucket bucket = new TokenBucket(60 * SECOND_US, clock);

    assertThat(bucket.tryTake(45 * SECOND_US)).isZero();
    assertThat(bucket.tryTake(15 * SECOND_US)).isZero();

    // Empty: 1 s of audio needs 1 s of refill (60 s per minute).
    assertThat(bucket.tryTake(SECOND_US)).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(bucket.usedMicros()).isEqualTo(60 * SECOND_US);
  }

  @Test
  void tryTake_refused_takesNothingAndSaysWhenItWouldFit() {
    TokenBucket bucket = new TokenBucket(6 * SECOND_US, clock);
    assertThat(bucket.tryTake(5 * SECOND_US)).isZero();

    // 1 s left; 3 s need 2 s more, which 6 s per minute refill in 20 s.
    long waitNanos = bucket.tryTake(3 * SECOND_US);

    assertThat(waitNanos).isEqualTo(Duration.ofSeconds(20).toNanos());
    clock.advance(Duration.ofSeconds(19));
    assertThat(bucket.tryTake(3 * SECOND_US)).isEqualTo(Duration.ofSeconds(1).toNanos());
    clock.advance(Duration.ofSeconds(1));
    assertThat(bucket.tryTake(3 * SECOND_US)).isZero();
  }

  @Test
  void refill_neverGoesPastTheCapacity() {
    TokenBucket bucket = new TokenBucket(10 * SECOND_US, clock);
    bucket.tryTake(10 * SECOND_US);

    clock.advance(Duration.ofHours(2));

    assertThat(bucket.usedMicros()).isZero();
    assertThat(bucket.tryTake(10 * SECOND_US)).isZero();
    assertThat(bucket.tryTake(1)).isPositive();
  }

  @Test
  void tryTake_moreThanTheWholeCapacity_isNever() {
    TokenBucket bucket = new TokenBucket(10 * SECOND_US, clock);

    assertThat(bucket.tryTake(10 * SECOND_US + 1)).isEqualTo(TokenBucket.NEVER);
    assertThat(bucket.usedMicros()).isZero();
  }

  @Test
  void tryTake_zeroCapacity_isUnlimited() {
    TokenBucket bucket = new TokenBucket(0, clock);

    assertThat(bucket.tryTake(Long.MAX_VALUE)).isZero();
    assertThat(bucket.tryTake(Long.MAX_VALUE)).isZero();
  }

  @Test
  void resize_keepsWhatWasUsedThisMinute() {
    TokenBucket bucket = new TokenBucket(60 * SECOND_US, clock);
    bucket.tryTake(50 * SECOND_US);

    bucket.resize(30 * SECOND_US);

    // 50 s used is more than the new 30 s: the bucket is empty (never below), and refills at
    // 30 s per minute, so 1 s takes 2 s.
    assertThat(bucket.tryTake(SECOND_US)).isEqualTo(Duration.ofSeconds(2).toNanos());
    bucket.resize(120 * SECOND_US);
    assertThat(bucket.usedMicros()).isEqualTo(30 * SECOND_US);
    assertThat(bucket.tryTake(90 * SECOND_US)).isZero();
  }

  @Test
  void resize_fromUnlimited_startsFull() {
    TokenBucket bucket = new TokenBucket(0, clock);
    bucket.tryTake(500 * SECOND_US);

    bucket.resize(5 * SECOND_US);

    assertThat(bucket.tryTake(5 * SECOND_US)).isZero();
    assertThat(bucket.tryTake(SECOND_US)).isPositive();
  }
}
