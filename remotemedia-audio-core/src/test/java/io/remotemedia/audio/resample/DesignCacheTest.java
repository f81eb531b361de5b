package io.remotemedia.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DesignCacheTest {
  private static final AudioFormat IN = AudioFormat.f32(44_100, 1);
  private static final int CHUNK = 441;

  @AfterEach
  void restoreCapacity() {
    DesignCache.setCapacityBytes(DesignCache.DEFAULT_CAPACITY_BYTES);
  }

  @Test
  void configure_secondNodeOfTheSameConversion_designsNothingNew()
      throws UnsupportedFormatException {
    new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH)).configure(IN, CHUNK);
    int designs = DesignCache.stats().entries();

    new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH)).configure(IN, CHUNK);

    assertThat(DesignCache.stats().entries()).isEqualTo(designs);
  }

  @Test
  void twoNodesSharingDesigns_interleaved_eachGiveWhatTheyGiveAlone()
      throws UnsupportedFormatException {
    float[] tone = TestSignals.sine(1000, 0.5, 44_100, 44_100);
    float[] noise = TestSignals.whiteNoise(44_100, 0.3, 7);
    float[] toneAlone = NodeRuns.whole(node(), IN, tone);
    float[] noiseAlone = NodeRuns.whole(node(), IN, noise);

    ResampleNode a = node();
    ResampleNode b = node();
    a.configure(IN, CHUNK);
    b.configure(IN, CHUNK);
    float[] outA = new float[toneAlone.length];
    float[] outB = new float[noiseAlone.length];
    float[] scratch = new float[(int) Math.max(a.maxOutputFrames(CHUNK), a.maxFlushFrames())];
    int writtenA = 0;
    int writtenB = 0;
    float[] chunk = new float[CHUNK];
    for (int start = 0; start < tone.length; start += CHUNK) {
      System.arraycopy(tone, start, chunk, 0, CHUNK);
      int n = a.process(chunk, CHUNK, scratch);
      System.arraycopy(scratch, 0, outA, writtenA, n);
      writtenA += n;
      System.arraycopy(noise, start, chunk, 0, CHUNK);
      n = b.process(chunk, CHUNK, scratch);
      System.arraycopy(scratch, 0, outB, writtenB, n);
      writtenB += n;
    }
    int n = a.flush(scratch);
    System.arraycopy(scratch, 0, outA, writtenA, n);
    n = b.flush(scratch);
    System.arraycopy(scratch, 0, outB, writtenB, n);

    assertThat(outA).containsExactly(toneAlone);
    assertThat(outB).containsExactly(noiseAlone);
  }

  @Test
  void get_moreDistinctDesignsThanTheLimit_keepsOnlyTheLimit() {
    for (int i = 0; i < DesignCache.MAX_ENTRIES + 10; i++) {
      PolyphaseFilter.designed(8_000 + i, 16_000, 3_000, 1_000, 60);
    }

    assertThat(DesignCache.stats().entries()).isEqualTo(DesignCache.MAX_ENTRIES);
  }

  @Test
  void configure_manyVeryHighAwkwardRatePairs_keepsTheCacheWithinItsBytes()
      throws UnsupportedFormatException {
    long capacity = 8L << 20;
    DesignCache.setCapacityBytes(capacity);
    long evictionsBefore = DesignCache.stats().evictions();

    // Each pair needs an interpolated very_high table of about 3 MB.
    for (int i = 0; i < 12; i++) {
      ResampleNode node = new ResampleNode(new ResampleConfig(48_000, ResampleQuality.VERY_HIGH));
      node.configure(AudioFormat.f32(44_057 + 2 * i, 1), CHUNK);

      DesignCache.Stats stats = DesignCache.stats();
      assertThat(stats.bytes()).as("bytes after pair %d", i).isLessThanOrEqualTo(capacity);
      assertThat(stats.capacityBytes()).isEqualTo(capacity);
    }

    DesignCache.Stats after = DesignCache.stats();
    assertThat(after.entries()).isPositive();
    assertThat(after.bytes()).isGreaterThan(capacity / 4);
    assertThat(after.evictions() - evictionsBefore).isGreaterThanOrEqualTo(12 - after.entries());
  }

  @Test
  void configure_oneInterpolatedConversion_countsExactlyTheTableTheNodeReports()
      throws UnsupportedFormatException {
    DesignCache.setCapacityBytes(0);
    DesignCache.setCapacityBytes(DesignCache.DEFAULT_CAPACITY_BYTES);
    ResampleNode node = new ResampleNode(new ResampleConfig(48_000, ResampleQuality.VERY_HIGH));

    node.configure(AudioFormat.f32(44_057, 1), CHUNK);

    // An interpolated upsampler keeps one design: the filter whose table the node reads.
    DesignCache.Stats stats = DesignCache.stats();
    assertThat(stats.entries()).isEqualTo(1);
    assertThat(stats.bytes()).isEqualTo(node.tableBytes()).isGreaterThan(1L << 20);
  }

  @Test
  void get_designLargerThanTheCapacity_isUsedButNotKept() throws UnsupportedFormatException {
    DesignCache.setCapacityBytes(0);
    DesignCache.setCapacityBytes(1L << 20);
    long evictionsBefore = DesignCache.stats().evictions();
    ResampleNode node = new ResampleNode(new ResampleConfig(48_000, ResampleQuality.VERY_HIGH));

    node.configure(AudioFormat.f32(44_057, 1), CHUNK);

    assertThat(node.tableBytes()).isGreaterThan(1L << 20);
    assertThat(DesignCache.stats().entries()).isZero();
    assertThat(DesignCache.stats().bytes()).isZero();
    assertThat(DesignCache.stats().evictions()).isEqualTo(evictionsBefore + 1);
    float[] tone = TestSignals.sine(1000, 0.5, 44_057, 4410);
    assertThat(NodeRuns.whole(node, AudioFormat.f32(44_057, 1), tone)).isNotEmpty();
  }

  @Test
  void setCapacityBytes_lowered_dropsLeastRecentlyUsedUntilWithin() {
    DesignCache.setCapacityBytes(0);
    DesignCache.setCapacityBytes(DesignCache.DEFAULT_CAPACITY_BYTES);
    PolyphaseFilter first = PolyphaseFilter.designed(8_000, 16_000, 3_000, 1_000, 60);
    PolyphaseFilter second = PolyphaseFilter.designed(8_000, 12_000, 3_000, 1_000, 60);
    assertThat(DesignCache.stats().bytes())
        .isEqualTo(first.tableBytes() + second.tableBytes());

    DesignCache.setCapacityBytes(second.tableBytes());

    assertThat(DesignCache.stats().entries()).isEqualTo(1);
    assertThat(DesignCache.stats().bytes()).isEqualTo(second.tableBytes());
    assertThat(PolyphaseFilter.designed(8_000, 12_000, 3_000, 1_000, 60)).isSameAs(second);
  }

  @Test
  void get_whileAnotherDesignIsComputed_findsAndDesignsOthersWithoutWaiting() throws Exception {
    CountDownLatch designing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<TestDesign> slow = threads.submit(() -> DesignCache.get("slow-" + System.nanoTime(),
          TestDesign.class, () -> {
            designing.countDown();
            awaitQuietly(release);
            return new TestDesign(1024);
          }));
      assertThat(designing.await(10, TimeUnit.SECONDS)).as("the slow design started").isTrue();

      // A cached design and a new one, while the slow one holds its key.
      PolyphaseFilter cached = PolyphaseFilter.designed(8_000, 16_000, 3_000, 1_000, 60);
      Future<PolyphaseFilter> again = threads.submit(
          () -> PolyphaseFilter.designed(8_000, 16_000, 3_000, 1_000, 60));
      Future<PolyphaseFilter> other = threads.submit(
          () -> PolyphaseFilter.designed(8_000, 11_025, 3_000, 1_000, 60));

      assertThat(again.get(10, TimeUnit.SECONDS)).isSameAs(cached);
      assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(slow).isNotDone();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).tableBytes()).isEqualTo(1024);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void get_sameKeyWhileItIsDesigned_waitsAndSharesTheOneDesign() throws Exception {
    String key = "shared-" + System.nanoTime();
    CountDownLatch designing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger designs = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<TestDesign> first = threads.submit(() -> DesignCache.get(key, TestDesign.class,
          () -> {
            designs.incrementAndGet();
            designing.countDown();
            awaitQuietly(release);
            return new TestDesign(2048);
          }));
      assertThat(designing.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicReference<Thread> secondThread = new AtomicReference<>();
      Future<TestDesign> second = threads.submit(() -> {
        secondThread.set(Thread.currentThread());
        return DesignCache.get(key, TestDesign.class, () -> {
          designs.incrementAndGet();
          return new TestDesign(2048);
        });
      });
      // Released only once the second caller waits for the first one's design.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((secondThread.get() == null
          || secondThread.get().getState() != Thread.State.WAITING)
          && System.nanoTime() < giveUp) {
        Thread.sleep(1);
      }
      assertThat(second).as("the second caller waits").isNotDone();

      release.countDown();

      assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
      assertThat(designs).hasValue(1);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void get_designThatFails_isNotKeptAndTheNextCallDesignsAgain() {
    String key = "failing-" + System.nanoTime();
    long bytesBefore = DesignCache.stats().bytes();

    assertThatThrownBy(() -> DesignCache.get(key, TestDesign.class, () -> {
      throw new IllegalStateException("design failed");
    })).hasMessage("design failed");

    assertThat(DesignCache.stats().bytes()).isEqualTo(bytesBefore);
    assertThat(DesignCache.get(key, TestDesign.class, () -> new TestDesign(512)).tableBytes())
        .isEqualTo(512);
  }

  @Test
  void setCapacityBytes_negative_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> DesignCache.setCapacityBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 0 bytes, was -1");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A design of a given size that is nothing but its size. */
  private record TestDesign(long tableBytes) implements DesignCache.Sized {}

  private static ResampleNode node() {
    return new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH));
  }
}
