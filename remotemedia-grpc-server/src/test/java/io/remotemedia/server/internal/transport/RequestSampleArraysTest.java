package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestSampleArraysTest {
  /** Room for two arrays of a 10 s 44.1 kHz mono request's class. */
  private static final long TWO_OF_THEM = 2L * 458_752 * Float.BYTES;

  private final RequestSampleArrays arrays = new RequestSampleArrays(TWO_OF_THEM);

  @Test
  void aLargeRequest_getsItsSizeClass_anEighthOfAPowerOfTwo() {
    RequestSampleArrays.Lease lease = new RequestSampleArrays(64L << 20).lease();
    // 441,000 lies between 2^18 and 2^19; the classes there are 32,768 apart: 14 x 32,768.
    assertThat(lease.take(441_000)).hasSize(458_752);
    assertThat(lease.take(458_752)).hasSize(458_752);
    assertThat(lease.take(458_753)).hasSize(491_520);
    // 16,384 = 2^14: classes 2,048 apart.
    assertThat(lease.take(16_385)).hasSize(18_432);
  }

  @Test
  void anArrayGivenBack_isReusedForTheSameClass_withNothingOfTheLastCallPastTheNewSamples() {
    RequestSampleArrays.Lease first = arrays.lease();
    float[] used = first.take(458_752);
    Arrays.fill(used, 0.75f);
    first.giveBack();

    float[] again = arrays.lease().take(441_000);

    assertThat(again).isSameAs(used);
    for (int i = 441_000; i < again.length; i++) {
      assertThat(again[i]).as("value %d, past the samples asked for", i).isZero();
    }
  }

  @Test
  void anArrayStillLeased_isNotHandedToAnotherCall() {
    float[] held = arrays.lease().take(441_000);

    assertThat(arrays.lease().take(441_000)).isNotSameAs(held);
  }

  @Test
  void aLeaseGivenBackTwice_putsEachArrayBackOnce() {
    RequestSampleArrays.Lease lease = arrays.lease();
    float[] array = lease.take(441_000);
    lease.giveBack();
    lease.giveBack();

    float[] first = arrays.lease().take(441_000);
    float[] second = arrays.lease().take(441_000);

    assertThat(first).isSameAs(array);
    assertThat(second).isNotSameAs(array);
    assertThatThrownBy(() -> lease.take(10)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("given back");
  }

  @Test
  void atMostTheBoundLiesIdle_theMostRecentlyGivenBackKept() {
    RequestSampleArrays.Lease a = arrays.lease();
    RequestSampleArrays.Lease b = arrays.lease();
    RequestSampleArrays.Lease c = arrays.lease();
    float[] oldest = a.take(441_000);
    float[] middle = b.take(441_000);
    float[] newest = c.take(441_000);
    a.giveBack();
    b.giveBack();
    c.giveBack();

    assertThat(arrays.idleBytes()).isEqualTo(TWO_OF_THEM);
    assertThat(arrays.lease().take(441_000)).isSameAs(newest);
    assertThat(arrays.lease().take(441_000)).isSameAs(middle);
    assertThat(arrays.lease().take(441_000)).isNotSameAs(oldest).isNotSameAs(newest)
        .isNotSameAs(middle);
  }

  @Test
  void smallArraysAndThoseOverHalfTheBound_areNeitherRoundedNorKept() {
    RequestSampleArrays.Lease lease = arrays.lease();
    float[] small = lease.take(16_383);
    float[] large = lease.take(458_753);
    lease.giveBack();

    assertThat(small).hasSize(16_383);
    assertThat(large).hasSize(458_753);
    assertThat(arrays.idleBytes()).isZero();
  }
}
