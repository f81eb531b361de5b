package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener pool's threads end once they have had no callback for their idle time, so that
 * none keeps the SDK's classes loaded for as long as the JVM runs; no callback is lost to that,
 * and a session's callbacks still run one at a time, in order.
 */
class ListenerQueueTest {
  private final List<Throwable> listenerFailures = new CopyOnWriteArrayList<>();
  private ThreadPoolExecutor pool;

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listenerFailures).as("callbacks that threw").isEmpty();
  }

  @Test
  void run_afterItsThreadEndedIdle_runsTheCallbackOnANewThread() throws Exception {
    pool = ListenerQueue.pool(Duration.ofMillis(50));
    ListenerQueue queue = new ListenerQueue(listenerFailures::add, pool);
    Thread first = threadOf(queue);

    first.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(first.isAlive()).as("the thread after its idle time").isFalse();
    Thread second = threadOf(queue);
    assertThat(second).isNotSameAs(first);
    assertThat(second.getName()).startsWith("remotemedia-stream-listener-");
  }

  @Test
  void run_callbacksQueuedAsTheirThreadEnds_allRunInOrder() throws Exception {
    // A thread that ends the moment it finds no callback: each pair is queued as the thread
    // that ran the pair before is about to wait, time out or end.
    pool = ListenerQueue.pool(Duration.ofNanos(1));
    ListenerQueue queue = new ListenerQueue(listenerFailures::add, pool);
    List<Integer> order = new ArrayList<>(); // Written by one callback at a time.
    Set<Thread> threads = new HashSet<>();
    int pairs = 1_000;
    for (int i = 0; i < pairs; i++) {
      int first = 2 * i;
      queue.run(() -> order.add(first));
      queue.run(() -> order.add(first + 1));
      threads.add(threadOf(queue));
    }

    assertThat(order).containsExactlyElementsOf(
        IntStream.range(0, 2 * pairs).boxed().toList());
    assertThat(threads.size()).as("threads that ran the callbacks (one ended between two)")
        .isGreaterThan(1);
  }

  @Test
  void run_threadStartedForAnApplication_keepsNeitherItsClassLoaderNorItsThreadLocals()
      throws Exception {
    pool = ListenerQueue.pool(Duration.ofSeconds(30));
    ListenerQueue queue = new ListenerQueue(listenerFailures::add, pool);
    ApplicationThread application = new ApplicationThread();

    application.run(() -> queue.run(application.probe()));

    application.assertProbeRanWithNothingOfTheApplication();
  }

  @Test
  void run_whenTheJvmStartsNoThread_runsTheCallbackOnTheCallersThreadRatherThanNever()
      throws Exception {
    AtomicInteger refusals = new AtomicInteger(1);
    pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> new Thread(task, "listener-test") {
          @Override
          public synchronized void start() {
            if (refusals.getAndDecrement() > 0) {
              // What Thread.start throws at the JVM's or the system's thread limit.
              throw new OutOfMemoryError("unable to create native thread: possibly out of"
                  + " memory or process/resource limits reached");
            }
            super.start();
          }
        });
    ListenerQueue queue = new ListenerQueue(listenerFailures::add, pool);
    List<Thread> ran = new CopyOnWriteArrayList<>();

    // Caught as a failure of this test: thrown out of it, surefire takes the error for its own.
    assertThatCode(() -> queue.run(() -> ran.add(Thread.currentThread())))
        .doesNotThrowAnyException();

    assertThat(ran).containsExactly(Thread.currentThread());
    assertThat(threadOf(queue)).as("the next callback's thread, once threads start again")
        .isNotSameAs(Thread.currentThread());
  }

  /** {@return the thread that ran a callback queued on {@code queue} now, once it ran} */
  private static Thread threadOf(ListenerQueue queue) throws InterruptedException {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    queue.run(() -> {
      thread.set(Thread.currentThread());
      ran.countDown();
    });
    assertThat(ran.await(30, TimeUnit.SECONDS)).as("the callback ran").isTrue();
    return thread.get();
  }
}
