package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer's thread ends once it has had no task for its idle time, so that it does not keep
 * the SDK's classes loaded for as long as the JVM runs, and no task is lost to that.
 */
class SdkTimerTest {
  private ScheduledThreadPoolExecutor timer;

  @AfterEach
  void stop() throws InterruptedException {
    timer.shutdownNow();
    assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void timer_idleForItsIdleTime_endsItsThreadAndANewOneRunsTheNextTask() throws Exception {
    timer = SdkTimer.timer(Duration.ofMillis(50));
    Thread first = threadOf(0);

    first.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(first.isAlive()).as("the thread after its idle time").isFalse();
    Thread second = threadOf(0);
    assertThat(second).isNotSameAs(first);
    assertThat(second.getName()).startsWith("remotemedia-timer-");
  }

  @Test
  void timer_taskQueuedAsItsThreadEnds_runs() throws Exception {
    // A thread that ends the moment it finds no task: each task is queued as the thread that
    // ran the one before is about to wait, time out or end.
    timer = SdkTimer.timer(Duration.ofNanos(1));
    Set<Thread> threads = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      threads.add(threadOf(0));
    }

    assertThat(threads.size()).as("threads that ran the tasks (one ended between two)")
        .isGreaterThan(1);
  }

  @Test
  void timer_taskWaitingForItsTime_keepsTheThreadUntilItRuns() throws Exception {
    timer = SdkTimer.timer(Duration.ofNanos(1));

    assertThat(threadOf(/* delayMs= */ 100)).isNotNull();
  }

  @Test
  void timer_threadStartedForAnApplication_keepsNeitherItsClassLoaderNorItsThreadLocals()
      throws Exception {
    timer = SdkTimer.timer(Duration.ofSeconds(30));
    ApplicationThread application = new ApplicationThread();

    application.run(() -> timer.schedule(application.probe(), 0, TimeUnit.MILLISECONDS));

    application.assertProbeRanWithNothingOfTheApplication();
  }

  /** {@return the thread that ran a task scheduled {@code delayMs} from now, once it ran} */
  private Thread threadOf(long delayMs) throws InterruptedException {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    timer.schedule(() -> {
      thread.set(Thread.currentThread());
      ran.countDown();
    }, delayMs, TimeUnit.MILLISECONDS);
    assertThat(ran.await(30, TimeUnit.SECONDS)).as("the task ran").isTrue();
    return thread.get();
  }
}
