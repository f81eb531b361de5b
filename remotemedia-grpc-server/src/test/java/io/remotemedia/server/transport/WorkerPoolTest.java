package io.remotemedia.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.server.Await;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private final WorkerPool pool = new WorkerPool(1, 2, "test-worker-");
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void admit_whenCapacityTasksWait_refusesNewWorkButNotContinuingWork() throws Exception {
    occupyTheOnlyThread();
    AtomicInteger ran = new AtomicInteger();

    assertThat(pool.admit(ran::incrementAndGet)).isPresent();
    assertThat(pool.admit(ran::incrementAndGet)).isPresent();
    assertThat(pool.admit(ran::incrementAndGet)).as("a third waiting admission").isEmpty();
    for (int i = 0; i < 10; i++) {
      pool.continueWith(ran::incrementAndGet);
    }
    assertThat(pool.waiting()).isEqualTo(12);

    release.countDown();
    awaitTrue(() -> ran.get() == 12);
    assertThat(pool.waiting()).isZero();
  }

  @Test
  void admit_afterAWaitingTaskStarted_acceptsAgain() throws Exception {
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondRelease = new CountDownLatch(1);
    occupyTheOnlyThread();
    assertThat(pool.admit(() -> {
      secondStarted.countDown();
      awaitQuietly(secondRelease);
    })).isPresent();
    assertThat(pool.admit(() -> { })).isPresent();
    assertThat(pool.admit(() -> { })).isEmpty();

    release.countDown();
    assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(pool.admit(() -> { })).as("one admitted task left the queue").isPresent();
    assertThat(pool.admit(() -> { })).isEmpty();
    secondRelease.countDown();
  }

  @Test
  void admit_cancelledFuture_doesNotRunTheTask() throws Exception {
    occupyTheOnlyThread();
    AtomicInteger ran = new AtomicInteger();
    var waiting = pool.admit(ran::incrementAndGet).orElseThrow();

    waiting.cancel(true);
    release.countDown();
    CountDownLatch after = new CountDownLatch(1);
    pool.continueWith(after::countDown);

    assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).hasValue(0);
  }

  @Test
  void shutDown_refusesBothKinds() {
    pool.shutdownNow();

    assertThat(pool.admit(() -> { })).isEmpty();
    assertThatThrownBy(() -> pool.continueWith(() -> { }))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void constructor_nonPositiveSizes_areRefusedWithTheValue() {
    assertThatThrownBy(() -> new WorkerPool(0, 1, "w-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threadCount must be at least 1, was 0");
    assertThatThrownBy(() -> new WorkerPool(1, 0, "w-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admissionCapacity must be at least 1, was 0");
  }

  private void occupyTheOnlyThread() throws InterruptedException {
    assertThat(pool.admit(() -> {
      started.countDown();
      awaitQuietly(release);
    })).isPresent();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTrue(Await.Condition condition) throws Exception {
    Await.until("the condition holds", 10, condition);
  }
}
