package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private final WorkerPool pool = new WorkerPool("test-worker-");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void submit_neverRefusesForCapacity_theRunnersAdmissionDecides() throws Exception {
    // More tasks than cores, all blocked at once: the pool admits nothing itself, so each gets
    // a thread (a call waiting in the runner's queue must not hold up the others).
    int tasks = 12;
    CountDownLatch allRunning = new CountDownLatch(tasks + 1);
    for (int i = 0; i < tasks; i++) {
      pool.submit(() -> {
        allRunning.countDown();
        awaitQuietly(release);
      });
    }
    pool.continueWith(() -> {
      allRunning.countDown();
      awaitQuietly(release);
    });

    assertThat(allRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.activeThreads()).isEqualTo(tasks + 1);
  }

  @Test
  void submit_cancelledWithInterruption_interruptsTheWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<?> work = pool.submit(() -> {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    work.cancel(true);

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shutDown_refusesBothKinds() {
    pool.shutdownNow();

    assertThatThrownBy(() -> pool.submit(() -> { }))
        .isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> pool.continueWith(() -> { }))
        .isInstanceOf(RejectedExecutionException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
